import { GraphQLError, type ValidationContext, type ValidationRule } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';

/** Outside development the schema is not for browsing: `__schema` and `__type` are refused (`__typename` stays). */
export const noIntrospectionRule: ValidationRule = (context: ValidationContext) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError('introspection is disabled', { nodes: [node], extensions: { code: QueryErrorCodes.INTROSPECTION_DISABLED, http: { status: 400 } } }),
      );
    }
  },
});
