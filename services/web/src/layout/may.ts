import { isRoleAllowed, type CommandName } from '@planledger/domain';
import type { SignedInPerson } from '../session/person';

/**
 * Whether to offer a command's form at all: the role's part of the domain's own access catalogue.
 * Everything else (the child's team, the agency, the record's state) the record API decides when the
 * form is sent, and its refusal is shown on the form.
 */
export function may(person: SignedInPerson, command: CommandName): boolean {
  return isRoleAllowed(person.caller.role, command);
}

/** Every command of a list the role may send, as a set the view can ask. */
export function allowedOf(person: SignedInPerson, commands: readonly CommandName[]): Record<string, boolean> {
  return Object.fromEntries(commands.map((c) => [c, may(person, c)]));
}
