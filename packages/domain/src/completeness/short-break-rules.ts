import { addDays, dayOf } from './calendar';
import type { CompletenessRule } from './rule';

export interface ShortBreakFacts {
  route: 'local_offer' | 'self_assessment' | 'social_care_assessment';
  requestedOn: string;
  decision: {
    outcome: 'approved' | 'partly_approved' | 'declined';
    granted: ReadonlyArray<{ type: string; amount: number; unit: string }>;
    eligibilityCriteriaVersion: string;
    shortBreaksStatementVersion: string;
    decisionMaker: { userId: string; role: string };
    decidedOn: string;
    reasons: string;
  } | null;
  lastReviewedOn: string | null;
  endedOn: string | null;
}

export interface ShortBreakContext {
  asOf: Date;
}

type Rule = CompletenessRule<ShortBreakFacts, ShortBreakContext>;

const filled = (s: string | undefined | null) => typeof s === 'string' && s.trim().length > 0;
const decidedOnly = (facts: ShortBreakFacts) => (facts.decision ? null : 'no decision is recorded yet');
const granting = (facts: ShortBreakFacts) => facts.decision !== null && facts.decision.outcome !== 'declined';

export const decisionRecordedRule: Rule = {
  id: 'sb.decision-recorded',
  title: 'A decision is recorded on the request',
  missing: (facts) => (facts.decision ? null : `No decision is recorded on the request made on ${facts.requestedOn}.`),
};

export const criteriaAndStatementRule: Rule = {
  id: 'sb.criteria-and-statement',
  title: 'The decision names the eligibility criteria and the short-breaks statement version it relied on',
  notApplicable: decidedOnly,
  missing: (facts) => {
    const d = facts.decision!;
    const gaps = [
      filled(d.eligibilityCriteriaVersion) ? null : 'the eligibility criteria',
      filled(d.shortBreaksStatementVersion) ? null : 'the short-breaks statement version',
    ].filter((g): g is string => g !== null);
    return gaps.length === 0 ? null : `The decision does not name ${gaps.join(' or ')} it relied on.`;
  },
};

export const decisionMakerAndReasonsRule: Rule = {
  id: 'sb.decision-maker-and-reasons',
  title: 'The decision names who made it and why',
  notApplicable: decidedOnly,
  missing: (facts) => {
    const d = facts.decision!;
    const gaps = [filled(d.decisionMaker.userId) ? null : 'who made it', filled(d.reasons) ? null : 'the reasons'].filter((g): g is string => g !== null);
    return gaps.length === 0 ? null : `The decision does not record ${gaps.join(' or ')}.`;
  },
};

export const provisionQuantifiedRule: Rule = {
  id: 'sb.provision-quantified',
  title: 'What is granted says what kind of break and how much a year',
  notApplicable: (facts) => decidedOnly(facts) ?? (granting(facts) ? null : 'the request was declined'),
  missing: (facts) => {
    const granted = facts.decision!.granted;
    if (granted.length === 0) return 'The decision grants a short break but does not say what or how much.';
    return granted.every((g) => g.amount > 0 && filled(g.unit)) ? null : 'Some of what is granted has no amount a year.';
  },
};

export const yearlyReviewRule: Rule = {
  id: 'sb.yearly-review',
  title: 'A granted short break is reviewed at least once a year',
  notApplicable: (facts) => decidedOnly(facts) ?? (!granting(facts) ? 'the request was declined' : facts.endedOn ? 'the short break has ended' : null),
  missing: (facts, context) => {
    const since = facts.lastReviewedOn ?? facts.decision!.decidedOn;
    const due = addDays(since, 365);
    return dayOf(context.asOf) <= due ? null : `No review since ${since}; one was due by ${due}.`;
  },
};

/** The checklist for a short break (DESIGN.md section 3). */
export const shortBreakCompletenessRules: readonly Rule[] = [decisionRecordedRule, criteriaAndStatementRule, decisionMakerAndReasonsRule, provisionQuantifiedRule, yearlyReviewRule];
