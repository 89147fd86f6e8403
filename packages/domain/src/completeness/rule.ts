/**
 * A completeness rule: does it apply to this plan, and if so is it met? Rules are plain data plus
 * two pure functions, so the list for each plan kind reads like the checklist an auditor would use.
 */
export interface CompletenessRule<Facts, Context> {
  /** Stable identifier, e.g. 'fhp.family-views'. */
  id: string;
  /** What a complete plan has, in plain English. */
  title: string;
  /** Null when the rule applies; otherwise why it does not (e.g. 'the plan is closed'). */
  notApplicable?(facts: Facts, context: Context): string | null;
  /** Null when satisfied; otherwise a plain explanation of what is missing. */
  missing(facts: Facts, context: Context): string | null;
}

export interface RuleResult {
  id: string;
  title: string;
  applies: boolean;
  satisfied: boolean;
  /** What is missing, why the rule does not apply, or what satisfies it. */
  explanation: string;
}

export interface CompletenessReport {
  /** satisfied / applicable, 1 when nothing applies. */
  score: number;
  satisfied: number;
  applicable: number;
  rules: RuleResult[];
}

export function evaluateCompleteness<Facts, Context>(
  rules: ReadonlyArray<CompletenessRule<Facts, Context>>,
  facts: Facts,
  context: Context,
): CompletenessReport {
  const results: RuleResult[] = [];
  let applicable = 0;
  let satisfied = 0;
  for (const rule of rules) {
    const notApplicable = rule.notApplicable?.(facts, context) ?? null;
    if (notApplicable !== null) {
      results.push({ id: rule.id, title: rule.title, applies: false, satisfied: false, explanation: `Does not apply: ${notApplicable}.` });
      continue;
    }
    applicable++;
    const missing = rule.missing(facts, context);
    if (missing === null) satisfied++;
    results.push({ id: rule.id, title: rule.title, applies: true, satisfied: missing === null, explanation: missing ?? 'Recorded.' });
  }
  return { score: applicable === 0 ? 1 : satisfied / applicable, satisfied, applicable, rules: results };
}
