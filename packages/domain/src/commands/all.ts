import type { CommandDefinition } from '../application/contract';
import { childCommands } from './children';
import type { CommandHandler } from './define-command';
import { auditCommands } from './audits';
import { correctionCommands } from './corrections';
import { ehcAssessmentCommands } from './ehc-assessments';
import { familyHelpPlanCommands } from './family-help-plans';
import { organisationCommands } from './organisations';
import { shortBreakCommands } from './short-breaks';

export const commandHandlers: readonly CommandHandler[] = [
  ...organisationCommands,
  ...childCommands,
  ...familyHelpPlanCommands,
  ...ehcAssessmentCommands,
  ...shortBreakCommands,
  ...auditCommands,
  ...correctionCommands,
];

/** Every command of the record API: the record API builds one route per entry. */
export const commandCatalogue: CommandDefinition[] = commandHandlers.map((h) => h.definition);

const byName = new Map(commandHandlers.map((h) => [h.definition.name, h]));

export function findCommandHandler(name: string): CommandHandler | undefined {
  return byName.get(name);
}
