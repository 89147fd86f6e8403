import { describe, expect, it } from 'vitest';
import { QueryApiError } from '../api/query-api-client';
import { refusalMessage } from '../forms/refusal';
import { problemOf } from './problem';

const refused = (status: number) => ({ ok: false as const, status, code: 'X', message: 'refused', issues: [] });

describe('status wording, the same on a whole page and in a form', () => {
  it('words too many requests alike: the page with the wait the service gave, the form with a minute', () => {
    expect(problemOf(new QueryApiError(429, 'QL_ERR_RATE_LIMITED', 'slow down', 30))).toEqual({
      status: 429,
      heading: 'You have made a lot of requests in a short time',
      body: 'The number of requests one person may make each minute is limited. Wait 30 seconds, then try again. Nothing you entered has been lost.',
      retryAfterSeconds: 30,
    });
    expect(refusalMessage(refused(429))).toBe('You have made a lot of requests in a short time. Wait a minute, then try again.');
  });

  it('keeps the read limit its own words', () => {
    expect(problemOf(new QueryApiError(429, 'QL_ERR_READ_LIMIT', 'too many reads', 1))).toMatchObject({
      heading: 'You have opened a lot of records in a short time',
      body: 'Every record you open is logged, and the number one person may open each minute is limited. Wait 1 second, then try again. Nothing you entered has been lost.',
    });
  });

  it('words a busy or unreachable service alike, and a service still starting apart', () => {
    expect(problemOf(new QueryApiError(503, 'WEB_ERR_QUERY_API_UNREACHABLE', 'unreachable'))).toEqual({
      status: 503,
      heading: 'The service is busy or cannot be reached',
      body: 'It could not answer just now. Try again in a moment.',
    });
    expect(refusalMessage(refused(503))).toBe('The service is busy or cannot be reached. Try again in a moment.');
    expect(problemOf(new QueryApiError(503, 'QL_ERR_NOT_READY', 'catching up', 5))).toMatchObject({ heading: 'The service is still starting', body: 'The record is being loaded. Try again in 5 seconds.' });
  });

  it('words any other failure alike', () => {
    expect(problemOf(new Error('boom'))).toEqual({ status: 500, heading: 'Sorry, there is a problem with the service', body: 'Try again later.' });
    expect(refusalMessage(refused(500))).toBe('Sorry, there is a problem with the service. Try again later.');
  });
});
