import type { CommandDefinition } from '../application/contract';
import { childCommands } from './children';
import type { CommandHandler } from './define-command';
import { familyHelpPlanCommands } from './family-help-plans';

export const commandHandlers: readonly CommandHandler[] = [...childCommands, ...familyHelpPlanCommands];

/** Every command of the record API: the record API builds one route per entry. */
export const commandCatalogue: CommandDefinition[] = commandHandlers.map((h) => h.definition);

const byName = new Map(commandHandlers.map((h) => [h.definition.name, h]));

export function findCommandHandler(name: string): CommandHandler | undefined {
  return byName.get(name);
}
