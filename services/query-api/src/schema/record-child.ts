import type { QueryContext } from '../context';

/**
 * A plan's, assessment's or short break's child, so that a page showing the record names the child
 * with the same read (which admitted and logged that child already) instead of a second query.
 */
const childOfRecord = (record: { childId: string }, _: unknown, ctx: QueryContext) => {
  const registered = ctx.records.register().children.get(record.childId)?.registered?.data;
  return { id: record.childId, givenName: registered?.givenName ?? null, familyName: registered?.familyName ?? null, dateOfBirth: registered?.dateOfBirth ?? null };
};

export const recordChildResolvers = {
  FamilyHelpPlan: { child: childOfRecord },
  EhcAssessment: { child: childOfRecord },
  ShortBreak: { child: childOfRecord },
};
