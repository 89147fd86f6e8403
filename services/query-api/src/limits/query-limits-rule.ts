import { GraphQLError, type ValidationContext, type ValidationRule } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import { measureOperation } from './operation-walk';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** How many items a list field is assumed to return when estimating cost. */
  listFactor: number;
}

// A query for everything about one child (all plans, every entry, completeness, coverage) costs about 14,000.
export const defaultQueryLimits: QueryLimits = { maxDepth: 10, maxAliases: 15, maxCost: 20_000, listFactor: 10 };

/** Refuses operations that are too deep, too aliased or too costly; runs during validation, before any resolver. */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const ceiling = Math.max(limits.maxCost, limits.maxAliases) + 1;
      const measured = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name), { listFactor: limits.listFactor, ceiling });
      const refuse = (code: string, message: string) =>
        context.reportError(new GraphQLError(message, { nodes: [operation], extensions: { code, http: { status: 400 } } }));
      if (measured.depth > limits.maxDepth) refuse(QueryErrorCodes.DEPTH_LIMIT, `query depth ${measured.depth} exceeds the limit of ${limits.maxDepth}`);
      if (measured.aliases > limits.maxAliases) refuse(QueryErrorCodes.ALIAS_LIMIT, `query uses more than ${limits.maxAliases} aliases`);
      if (measured.cost > limits.maxCost) refuse(QueryErrorCodes.COST_LIMIT, `query cost exceeds the limit of ${limits.maxCost}`);
      return false;
    },
  });
}
