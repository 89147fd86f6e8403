import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from '../graphql-runtime';

export interface OperationMeasures {
  /** Estimated resolver work: 1 per field (plus its weight), children of a list multiplied by `listFactor`. */
  cost: number;
}

/**
 * Measures the cost of an operation before it runs (depth, aliases and tokens are graphql-armor's). Fragment cycles are cut (graphql's own NoFragmentCycles
 * rule reports them), and measuring stops early once `ceiling` is exceeded so a hostile document
 * cannot make the measurement itself expensive.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  { listFactor, ceiling, fieldWeights = {} }: { listFactor: number; ceiling: number; fieldWeights?: Record<string, number> },
): OperationMeasures {
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | null | undefined, active: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (cost > ceiling) break;
      if (selection.kind === Kind.FIELD) {
        // Introspection is answered from the schema itself (and refused outright outside development).
        if (selection.name.value.startsWith('__')) continue;
        const field: GraphQLField<unknown, unknown> | undefined =
          parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        const childCost = selection.selectionSet ? walk(selection.selectionSet, field ? getNamedType(field.type) : null, active) : 0;
        const isList = field ? isListType(getNullableType(field.type)) : false;
        const weight = parent ? (fieldWeights[`${parent.name}.${selection.name.value}`] ?? 0) : 0;
        cost += 1 + weight + childCost * (isList ? listFactor : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        cost += walk(selection.selectionSet, typeName ? schema.getType(typeName) : parent, active);
      } else {
        const name = selection.name.value;
        const fragment = fragments(name);
        if (!fragment || active.has(name)) continue;
        active.add(name);
        cost += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), active);
        active.delete(name);
      }
    }
    return cost;
  };

  return { cost: walk(operation.selectionSet, root, new Set()) };
}
