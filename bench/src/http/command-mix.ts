import { commandCatalogue, type Caller } from '@planledger/domain';
import type { GeneratedChild } from '../record/generate-record';
import { callers } from '../record/partnership-callers';

export interface MixEntry {
  command: string;
  /** Who sends the n-th request of this kind: many distinct practitioners, so tokens differ. */
  caller: (n: number) => Caller;
  path: (child: GeneratedChild) => string;
  body: (child: GeneratedChild, i: number) => Record<string, unknown>;
}

const pathOf = (command: string): string => {
  const definition = commandCatalogue.find((d) => d.name === command);
  if (!definition) throw new Error(`no command ${command} in the catalogue`);
  return definition.path;
};

const onPlan = (command: string) => {
  const template = pathOf(command);
  return (child: GeneratedChild) => template.replace(':planId', child.planId);
};

const socialWorker = callers.socialWorker;
const health = callers.healthPractitioner;
const future = `${new Date().getUTCFullYear() + 1}-07-31`;

/**
 * What practitioners send through a working day, in turn: Family Help plan updates by social care
 * and health, plus new short-break requests and new children (which create streams). Every request
 * is valid and allowed, so each should be answered 201. Requests come from 40 social workers and 20
 * health practitioners in turn (60 distinct tokens).
 */
export const commandMix: readonly MixEntry[] = [
  { command: 'recordNeed', caller: socialWorker, path: onPlan('recordNeed'), body: (_c, i) => ({ description: `Support with evening routine ${i}`, agency: 'social_care' }) },
  {
    command: 'recordContribution',
    caller: health,
    path: onPlan('recordContribution'),
    body: (_c, i) => ({ agency: 'health', support: `Community nursing visit ${i}`, frequency: 'monthly', from: '2026-01-05' }),
  },
  {
    command: 'recordDisabilityImpact',
    caller: socialWorker,
    path: onPlan('recordDisabilityImpact'),
    body: (_c, i) => ({ domain: 'mobility', impact: `Needs help on stairs at home (${i})`, supportNeeded: 'Stair lift assessment' }),
  },
  {
    command: 'setOutcome',
    caller: socialWorker,
    path: onPlan('setOutcome'),
    body: (_c, i) => ({ outcome: `Walks to the bus stop with a friend ${i}`, measure: 'Weekly log', byWhen: future, responsible: { agency: 'social_care', role: 'social worker' } }),
  },
  { command: 'recordChildViews', caller: socialWorker, path: onPlan('recordChildViews'), body: () => ({ views: 'Wants to go to the youth club', howGathered: 'direct_conversation' }) },
  { command: 'reviewFamilyHelpPlan', caller: socialWorker, path: onPlan('reviewFamilyHelpPlan'), body: () => ({ summary: 'Progress steady', nextReviewOn: future }) },
  {
    command: 'requestShortBreak',
    caller: socialWorker,
    path: () => pathOf('requestShortBreak'),
    body: (child) => ({ childId: child.childId, route: 'local_offer', summary: 'Saturday activity club' }),
  },
  {
    command: 'registerChild',
    caller: socialWorker,
    path: () => pathOf('registerChild'),
    body: (_c, i) => ({ givenName: 'Sam', familyName: `Example${i}`, dateOfBirth: '2014-09-01', primaryNeed: 'SLCN' }),
  },
];
