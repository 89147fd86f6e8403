import { createSchema } from 'graphql-yoga';
import type { QueryContext } from '../context';
import { resolvers } from './resolvers';
import { typeDefs } from './type-defs';

export const buildExecutableSchema = () => createSchema<QueryContext>({ typeDefs, resolvers });
