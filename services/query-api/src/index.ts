export { buildQueryApi, type QueryApi, type QueryApiOptions } from './build-query-api';
export { buildQueryServer, type QueryServerOptions } from './http/build-query-server';
export { READ_REASONS, type ReadReason } from './access/read-reasons';
export { QueryErrorCodes, type QueryErrorCode } from './errors';
export { ChildRecordRead, accessLogStreamOf, type ChildRecordReadData } from './access/access-log-event';
export { createQueryApiLogger } from './logger';
export { typeDefs } from './schema/type-defs';
