import { createSchema } from 'graphql-yoga';
import type { QueryContext } from '../context';
import { auditAndReaderResolvers } from './audits-and-readers';
import { resolvers } from './resolvers';
import { typeDefs } from './type-defs';
import { auditTypeDefs } from './type-defs-audits';

export const buildExecutableSchema = () => createSchema<QueryContext>({ typeDefs: [typeDefs, auditTypeDefs], resolvers: [resolvers, auditAndReaderResolvers] });
