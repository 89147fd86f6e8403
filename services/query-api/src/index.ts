export { buildQueryApi, type QueryApi, type QueryApiOptions } from './build-query-api';
export { QueryErrorCodes, type QueryErrorCode } from './errors';
export { ChildRecordRead, accessLogStreamOf, type ChildRecordReadData } from './access/access-log-event';
export { createQueryApiLogger } from './logger';
export { typeDefs } from './schema/type-defs';
