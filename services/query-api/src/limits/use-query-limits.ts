import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext, type ValidationRule } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';
import { queryCostRule, type QueryLimits } from './query-limits-rule';

export interface QueryLimitsOptions extends QueryLimits {
  maxDepth: number;
  maxAliases: number;
  /** Upper bound on the number of tokens a document may have, so parsing itself stays cheap. */
  maxTokens: number;
  maxDirectives: number;
  introspection: boolean;
}

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;
type GraphQLArmorRejectCallback = NonNullable<NonNullable<ArmorConfig['maxDepth']>['onReject']>[number];

const refusal = (code: string, message: string) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** graphql-armor's own errors carry no code: each refusal is reported again with ours. */
const reportAs =
  (code: string, message?: string): GraphQLArmorRejectCallback =>
  (context, error) => {
    const coded = refusal(code, message ?? error.message.replace(/^Syntax Error: /, ''));
    // The token limit is checked while parsing, where there is no validation context: it throws.
    if (!context) throw coded;
    context.reportError(coded);
  };

/**
 * graphql's own NoSchemaIntrospectionCustomRule, its refusals given our code: outside development the
 * schema is not for browsing (`__schema` and `__type` are refused, `__typename` stays).
 */
const noIntrospection: ValidationRule = (context: ValidationContext) => {
  // The rule reports every field of an introspection type (__schema, then its types, ...): one refusal says it.
  let reported = false;
  return NoSchemaIntrospectionCustomRule(
    new Proxy(context, {
      get(target, property, receiver) {
        if (property === 'reportError') {
          return (error: GraphQLError) => {
            if (reported) return;
            reported = true;
            target.reportError(new GraphQLError(error.message, { nodes: error.nodes ?? [], extensions: { code: QueryErrorCodes.INTROSPECTION_DISABLED, http: { status: 400 } } }));
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }),
  );
};

/**
 * Everything refused before execution: graphql-armor for depth, aliases, tokens and directives and
 * for blocking "Did you mean ...?" field suggestions outside development; our list-weighted cost rule
 * (armor's cost limit has no notion of list sizes or per-field weights); graphql's
 * NoSchemaIntrospectionCustomRule outside development.
 */
export function useQueryLimits(options: QueryLimitsOptions): Plugin[] {
  const costRule = queryCostRule(options);
  const reject = { propagateOnRejection: false, exposeLimits: true };
  return [
    EnvelopArmorPlugin({
      maxDepth: { n: options.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reject, onReject: [reportAs(QueryErrorCodes.DEPTH_LIMIT)] },
      maxAliases: { n: options.maxAliases, ...reject, onReject: [reportAs(QueryErrorCodes.ALIAS_LIMIT)] },
      maxTokens: { n: options.maxTokens, ...reject, onReject: [reportAs(QueryErrorCodes.TOKEN_LIMIT, `the document has more than ${options.maxTokens} tokens`)] },
      maxDirectives: { n: options.maxDirectives, ...reject, onReject: [reportAs(QueryErrorCodes.DIRECTIVE_LIMIT)] },
      blockFieldSuggestion: { enabled: !options.introspection },
      costLimit: { enabled: false },
    }) as Plugin,
    {
      onValidate({ addValidationRule }) {
        addValidationRule(costRule);
        if (!options.introspection) addValidationRule(noIntrospection);
      },
    },
  ];
}
