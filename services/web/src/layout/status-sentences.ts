/**
 * Plain English for a request a service turned away, by what happened. The whole page for a refused
 * read (`problem.ts`) and a form's summary line for a refused command (`forms/refusal.ts`) both take
 * their words from here, so a person reads the same sentence for the same thing wherever it happens.
 */
export interface StatusSentences {
  /** What happened, as a page heading (no full stop). */
  heading: string;
  /** Why, for a page with room to explain. */
  why?: string;
  /** What to do now, given the wait in seconds the service asked for, if it gave one. */
  next(waitSeconds?: number): string;
}

const seconds = (n: number) => (n === 1 ? '1 second' : `${n} seconds`);
const waitThenRetry = (wait?: number) => `Wait ${wait !== undefined ? seconds(wait) : 'a minute'}, then try again.`;
const retryShortly = (wait?: number) => `Try again in ${wait !== undefined ? seconds(wait) : 'a moment'}.`;

export const statusSentences = {
  /** 429: the per-person request limit. */
  tooManyRequests: { heading: 'You have made a lot of requests in a short time', why: 'The number of requests one person may make each minute is limited.', next: waitThenRetry },
  /** 429 QL_ERR_READ_LIMIT: the per-person limit on records opened. */
  tooManyRecordsOpened: {
    heading: 'You have opened a lot of records in a short time',
    why: 'Every record you open is logged, and the number one person may open each minute is limited.',
    next: waitThenRetry,
  },
  /** 503 QL_ERR_NOT_READY: the read models are still being built. */
  starting: { heading: 'The service is still starting', why: 'The record is being loaded.', next: retryShortly },
  /** Any other 503: overloaded, shutting down, or not reached at all. */
  unavailable: { heading: 'The service is busy or cannot be reached', why: 'It could not answer just now.', next: retryShortly },
  /** Anything else from 500 up. */
  failed: { heading: 'Sorry, there is a problem with the service', next: () => 'Try again later.' },
} as const satisfies Record<string, StatusSentences>;

/** A page's body: why, then what to do. */
export const pageBody = (sentences: StatusSentences, waitSeconds?: number) => [sentences.why, sentences.next(waitSeconds)].filter(Boolean).join(' ');

/** One line for a form's error summary: what happened, then what to do. */
export const summaryLine = (sentences: StatusSentences, waitSeconds?: number) => `${sentences.heading}. ${sentences.next(waitSeconds)}`;
