import { QueryApiError } from '../api/query-api-client';
import { pageBody, statusSentences, type StatusSentences } from './status-sentences';

export interface Problem {
  status: number;
  heading: string;
  body: string;
  /** Seconds, passed on as Retry-After. */
  retryAfterSeconds?: number;
}

/**
 * The page a person sees when the query service turned a page's read away: what happened in plain
 * words and what to do, with the service's own status, not a generic failure.
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof QueryApiError) {
    const wait = error.retryAfterSeconds;
    const retry = wait !== undefined ? { retryAfterSeconds: wait } : {};
    const page = (status: number, sentences: StatusSentences, after = ''): Problem => ({ status, heading: sentences.heading, body: `${pageBody(sentences, wait)}${after}`, ...retry });
    if (error.status === 429) return page(429, error.code === 'QL_ERR_READ_LIMIT' ? statusSentences.tooManyRecordsOpened : statusSentences.tooManyRequests, ' Nothing you entered has been lost.');
    if (error.status === 503) return page(503, error.code === 'QL_ERR_NOT_READY' ? statusSentences.starting : statusSentences.unavailable);
    if (error.status === 403) {
      return { status: 403, heading: 'You cannot see this page', body: 'Your role or organisation does not give you access to it. If you think it should, ask your partnership administrator.' };
    }
  }
  return { status: 500, heading: statusSentences.failed.heading, body: pageBody(statusSentences.failed) };
}
