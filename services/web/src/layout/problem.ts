import { QueryApiError } from '../api/query-api-client';

export interface Problem {
  status: number;
  heading: string;
  body: string;
  /** Seconds, passed on as Retry-After. */
  retryAfterSeconds?: number;
}

const seconds = (n: number) => (n === 1 ? '1 second' : `${n} seconds`);

/**
 * The page a person sees when the query service turned a page's read away: what happened in plain
 * words and what to do, with the service's own status, not a generic failure.
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof QueryApiError) {
    const wait = error.retryAfterSeconds;
    const retry = wait !== undefined ? { retryAfterSeconds: wait } : {};
    if (error.status === 429) {
      const reads = error.code === 'QL_ERR_READ_LIMIT';
      return {
        status: 429,
        heading: reads ? 'You have opened a lot of records in a short time' : 'You have made a lot of requests in a short time',
        body: `${reads ? 'Every record you open is logged, and the number one person may open each minute is limited.' : 'The number of requests one person may make each minute is limited.'} Wait ${wait !== undefined ? seconds(wait) : 'a minute'}, then try again. Nothing you entered has been lost.`,
        ...retry,
      };
    }
    if (error.status === 503) {
      const starting = error.code === 'QL_ERR_NOT_READY';
      return {
        status: 503,
        heading: starting ? 'The service is still starting' : 'The service is busy or cannot be reached',
        body: `${starting ? 'The record is being loaded.' : 'It could not answer just now.'} Try again in ${wait !== undefined ? seconds(wait) : 'a moment'}.`,
        ...retry,
      };
    }
    if (error.status === 403) {
      return { status: 403, heading: 'You cannot see this page', body: 'Your role or organisation does not give you access to it. If you think it should, ask your partnership administrator.' };
    }
  }
  return { status: 500, heading: 'Sorry, there is a problem with the service', body: 'Try again later.' };
}
