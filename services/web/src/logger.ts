import pino, { type Logger } from 'pino';

/**
 * The web service's log: one line per request with the route pattern, never the URL as sent (it
 * can carry a search for a name), bodies, cookies or headers.
 */
export function createWebLogger(destination?: pino.DestinationStream, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers', 'req.body', 'req.query', '*.givenName', '*.familyName', '*.dateOfBirth', '*.nhsNumber', '*.upn', '*.name'], censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; routeOptions?: { url?: string } }) => ({ method: req.method, route: req.routeOptions?.url ?? 'unknown' }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    },
    destination,
  );
}
