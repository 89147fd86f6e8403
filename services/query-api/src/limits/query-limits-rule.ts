import { GraphQLError, type ValidationContext, type ValidationRule } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import { measureOperation } from './operation-walk';

export interface QueryLimits {
  maxCost: number;
  /** How many items a list field is assumed to return when estimating cost. */
  listFactor: number;
  /**
   * Extra cost of a field whose resolver does much more work than its shape shows, by `Type.field`.
   * `Query.kpis` scans every assessment, short break and audit the caller may read.
   */
  fieldWeights: Record<string, number>;
}

export const defaultQueryDepthAndSize = { maxDepth: 10, maxAliases: 15, maxTokens: 3_000, maxDirectives: 20 };

// A query for everything about one child (all plans, every entry, completeness, coverage) costs about
// 14,000. A kpis window weighs 4,000 more, so one query asks for at most four windows.
export const defaultQueryLimits: QueryLimits = { maxCost: 20_000, listFactor: 10, fieldWeights: { 'Query.kpis': 4_000 } };

/** Refuses operations whose estimated cost is over the limit; runs during validation, before any resolver. */
export function queryCostRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const measured = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name), {
        listFactor: limits.listFactor,
        fieldWeights: limits.fieldWeights,
        ceiling: limits.maxCost + 1,
      });
      if (measured.cost > limits.maxCost) {
        context.reportError(new GraphQLError(`query cost exceeds the limit of ${limits.maxCost}`, { nodes: [operation], extensions: { code: QueryErrorCodes.COST_LIMIT, http: { status: 400 } } }));
      }
      return false;
    },
  });
}
