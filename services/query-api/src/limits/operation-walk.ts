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
  /** Deepest chain of nested fields, fragments expanded (the root field is depth 1). */
  depth: number;
  /** Fields requested under an alias, fragments counted once per spread. */
  aliases: number;
  /** Estimated resolver work: 1 per field, children of a list multiplied by `listFactor`. */
  cost: number;
}

/**
 * Measures an operation before it runs. Fragment cycles are cut (graphql's own NoFragmentCycles
 * rule reports them), and measuring stops early once `ceiling` is exceeded so a hostile document
 * cannot make the measurement itself expensive.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: (name: string) => FragmentDefinitionNode | null | undefined,
  { listFactor, ceiling }: { listFactor: number; ceiling: number },
): OperationMeasures {
  let aliases = 0;
  const root =
    operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | null | undefined, depth: number, active: Set<string>): { depth: number; cost: number } => {
    let maxDepth = depth;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (cost > ceiling || aliases > ceiling) break;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        // Introspection is answered from the schema itself (and refused outright outside development).
        if (selection.name.value.startsWith('__')) continue;
        const field: GraphQLField<unknown, unknown> | undefined =
          parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        const fieldDepth = depth + 1;
        let childCost = 0;
        if (selection.selectionSet) {
          const child = walk(selection.selectionSet, field ? getNamedType(field.type) : null, fieldDepth, active);
          maxDepth = Math.max(maxDepth, child.depth);
          childCost = child.cost;
        } else {
          maxDepth = Math.max(maxDepth, fieldDepth);
        }
        const isList = field ? isListType(getNullableType(field.type)) : false;
        cost += 1 + childCost * (isList ? listFactor : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const child = walk(selection.selectionSet, typeName ? schema.getType(typeName) : parent, depth, active);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = fragments(name);
        if (!fragment || active.has(name)) continue;
        active.add(name);
        const child = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), depth, active);
        active.delete(name);
        maxDepth = Math.max(maxDepth, child.depth);
        cost += child.cost;
      }
    }
    return { depth: maxDepth, cost };
  };

  const { depth, cost } = walk(operation.selectionSet, root, 0, new Set());
  return { depth, aliases, cost };
}
