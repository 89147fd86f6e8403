/**
 * Mints bearer tokens signed by the embedded local key (`<dataDir>/keys/`, created on first use), so
 * a new user can try the record as any role.
 *
 *   pnpm -s token --role social_worker --org org-sc-leicester [--agency social_care] [--user sw-1] [--expires 8h]
 *   pnpm -s token --all [--json]      one token per role, each in a sample organisation of its agency
 */
import { parseArgs } from 'node:util';
import { defaultAgencyFor, getLocalIdentity, roles, roleSchema, agencySchema, type Role } from '@planledger/identity';

const sampleOrganisation: Record<Role, string> = {
  social_worker: 'org-sc-leicester',
  team_manager: 'org-sc-leicester',
  send_officer: 'org-la-leicester-send',
  health_practitioner: 'org-nhs-llr-icb',
  education_practitioner: 'org-school-leicester-1',
  auditor: 'org-qa-leicester',
  partnership_administrator: 'org-partnership-leicester',
};

const usage = 'usage: pnpm -s token --role <role> --org <organisation> [--agency <agency>] [--user <id>] [--expires 8h]\n       pnpm -s token --all [--json]';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    agency: { type: 'string' },
    user: { type: 'string' },
    expires: { type: 'string', default: '8h' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const identity = await getLocalIdentity({ dataDir: values['data-dir'] ?? process.env.PLANLEDGER_DATA_DIR ?? '.data' });

if (values.all) {
  const minted = [];
  for (const role of roles) {
    const agency = defaultAgencyFor(role);
    const organisationId = values.org ?? sampleOrganisation[role];
    const userId = `${role.replaceAll('_', '-')}-1`;
    minted.push({ role, agency, organisationId, userId, token: await identity.mintToken({ userId, role, agency, organisationId, expiresIn: values.expires }) });
  }
  if (values.json) console.log(JSON.stringify(minted, null, 2));
  else for (const { role, token } of minted) console.log(`${role}\t${token}`);
} else {
  const role = roleSchema.safeParse(values.role);
  if (!role.success || !values.org) {
    console.error(`${role.success ? '--org is required' : `--role must be one of: ${roles.join(', ')}`}\n${usage}`);
    process.exit(2);
  }
  const agency = agencySchema.safeParse(values.agency ?? defaultAgencyFor(role.data));
  if (!agency.success) {
    console.error(`--agency must be one of: ${agencySchema.options.join(', ')}\n${usage}`);
    process.exit(2);
  }
  const userId = values.user ?? `${role.data.replaceAll('_', '-')}-1`;
  console.log(await identity.mintToken({ userId, role: role.data, agency: agency.data, organisationId: values.org, expiresIn: values.expires }));
}
