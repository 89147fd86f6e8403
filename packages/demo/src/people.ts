import type { Caller } from '@planledger/domain';
import { camhs, communityPaediatrics, familyHelpTeam, localAuthoritySend, organisations, sampleStaff, schools, staff, type Organisation } from './partnership';

/** A member of the demo partnership's staff as a person would pick them from a list. */
export interface DemoPerson {
  name: string;
  caller: Caller;
  organisation: Organisation;
}

const organisationOf = (organisationId: string): Organisation => organisations.find((o) => o.organisationId === organisationId)!;
const person = (name: string, caller: Caller): DemoPerson => ({ name, caller, organisation: organisationOf(caller.organisationId) });

/**
 * The people of the demo partnership a new user can sign in as: one per role in the organisations
 * around the showcase child (the same people `pnpm token --all` mints for), then a few in other
 * organisations, who see only the children whose teams include theirs. The names are made up.
 */
export const demoPeople: readonly DemoPerson[] = [
  person('Sam Lee', sampleStaff.social_worker),
  person('Jo Patel', sampleStaff.team_manager),
  person('Priya Shah', sampleStaff.send_officer),
  person('Chris Morgan', sampleStaff.health_practitioner),
  person('Alex Green', sampleStaff.education_practitioner),
  person('Ruth Okafor', sampleStaff.auditor),
  person('Nadia Khan', staff('social_worker', familyHelpTeam)),
  person('Tom Barker', staff('send_officer', localAuthoritySend, 2)),
  person('Amira Hussain', staff('health_practitioner', communityPaediatrics)),
  person('Dev Mistry', staff('health_practitioner', camhs)),
  person('Grace Adeyemi', staff('education_practitioner', schools[6]!)),
];
