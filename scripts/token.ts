/**
 * Mints bearer tokens signed by the embedded local key (`<dataDir>/keys/`, created on first use), so
 * a new user can try the record as any role. Only combinations the organisation register allows are
 * minted: the organisation registered and active, the token's agency the organisation's own (the
 * default), and a role that works in that kind of organisation. A refusal says which rule it breaks.
 *
 *   pnpm -s token --role social_worker --org org-sc-leicester [--agency social_care] [--user sw-1] [--expires 8h]
 *   pnpm -s token --all [--json]      one token per role, each in a sample organisation of the demo partnership
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { callerRefusal, currentRegister, roleFitsKind, type Role } from '@planledger/domain';
import { openEventStoreFromEnv } from '@planledger/event-store';
import { agencySchema, getLocalIdentity, roles, roleSchema } from '@planledger/identity';

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

const refuse = (message: string): never => {
  console.error(`token refused: ${message}`);
  process.exit(2);
};

const dataDir = values['data-dir'] ?? process.env.PLANLEDGER_DATA_DIR ?? '.data';
const storeUrl = process.env.PLANLEDGER_STORE?.trim() || undefined;
if ((storeUrl === undefined || storeUrl.startsWith('sqlite:')) && !existsSync(storeUrl?.slice('sqlite:'.length) ?? join(dataDir, 'planledger.db'))) {
  refuse(`no store in ${dataDir}, so no organisation register to check against: run \`pnpm start\` (which writes the demo partnership's register) first`);
}
const store = await openEventStoreFromEnv(process.env, dataDir);
const register = await currentRegister(store);
await store.close();
if (register.organisations.size === 0) refuse('the organisation register is empty: a partnership administrator registers organisations first (`pnpm start` writes the demo partnership\'s)');

const identity = await getLocalIdentity({ dataDir });

/** The agency the register gives the organisation, unless the caller asked for another (which is then refused). */
function allowed(role: Role, organisationId: string, askedAgency?: string) {
  const organisation = register.organisations.get(organisationId);
  const agency = askedAgency ?? organisation?.agency ?? 'education';
  const parsed = agencySchema.safeParse(agency);
  if (!parsed.success) refuse(`--agency must be one of: ${agencySchema.options.join(', ')}`);
  const refusal = callerRefusal({ role, agency: parsed.data!, organisationId }, register);
  if (refusal) {
    const fits = [...register.organisations.values()].filter((o) => o.active && roleFitsKind[role].includes(o.kind)).map((o) => o.organisationId);
    refuse(`${refusal.message} (${refusal.rule}). Organisations a ${role} may speak for: ${fits.slice(0, 8).join(', ') || 'none registered'}${fits.length > 8 ? ', ...' : ''}`);
  }
  return parsed.data!;
}

if (values.all) {
  const minted = [];
  for (const role of roles) {
    const organisationId = values.org ?? sampleOrganisation[role];
    const agency = allowed(role, organisationId);
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
  const agency = allowed(role.data, values.org, values.agency);
  const userId = values.user ?? `${role.data.replaceAll('_', '-')}-1`;
  console.log(await identity.mintToken({ userId, role: role.data, agency, organisationId: values.org, expiresIn: values.expires }));
}
