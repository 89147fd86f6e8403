import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * Fields that carry personal data somewhere in the record. Our own log lines never include bodies or
 * request data (see the serializers below); redacting these names at the top level of a log line is
 * the second line of defence should someone ever log one directly.
 */
const personalFields = [
  'name', 'firstName', 'lastName', 'givenName', 'familyName', 'fullName', 'preferredName', 'knownAs',
  'dateOfBirth', 'dob', 'birthDate', 'nhsNumber', 'upn', 'address', 'postcode', 'email', 'phone',
  'views', 'childViews', 'familyViews', 'parentViews', 'summary', 'description', 'notes', 'note',
  'reason', 'reasons', 'findings', 'feedback', 'text', 'details', 'comment', 'comments', 'narrative',
];

// Plain paths only: wildcard paths make pino walk every object it logs, which costs on each request.
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'body',
  'params',
  'query',
  ...personalFields,
];

export function recordApiLoggerOptions(level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return {
    level,
    base: { service: 'record-api' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    // Only what names the request, never what it carries.
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched' }),
      err: (err: { name?: string; code?: string }) => ({ type: err.name, code: err.code }),
    },
  };
}

export function createRecordApiLogger(destination?: DestinationStream, level?: string): Logger {
  return destination ? pino(recordApiLoggerOptions(level), destination) : pino(recordApiLoggerOptions(level));
}
