import { parse } from '../graphql-runtime';
import type { Plugin } from 'graphql-yoga';
import { noIntrospectionRule } from './no-introspection-rule';
import { queryLimitsRule, type QueryLimits } from './query-limits-rule';

export interface QueryLimitsOptions extends QueryLimits {
  /** Upper bound on the number of tokens a document may have, so parsing itself stays cheap. */
  maxTokens: number;
  introspection: boolean;
}

/** Depth, alias, cost and token limits, and introspection off where asked: all enforced before execution. */
export function useQueryLimits(options: QueryLimitsOptions): Plugin {
  const limitsRule = queryLimitsRule(options);
  return {
    onParse({ setParseFn }) {
      setParseFn((source, parseOptions) => parse(source, { ...parseOptions, maxTokens: options.maxTokens }));
    },
    onValidate({ addValidationRule }) {
      addValidationRule(limitsRule);
      if (!options.introspection) addValidationRule(noIntrospectionRule);
    },
  };
}
