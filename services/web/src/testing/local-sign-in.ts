/** What a spec needs of `app.inject` (or of a fetch to a running web service) to sign in. */
export type Inject = (options: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; payload?: string; remoteAddress?: string }) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;

/** The session cookie a response set, as a request sends it back. */
export const cookieOf = (response: { headers: Record<string, unknown> }) => String(response.headers['set-cookie'] ?? '').split(';')[0]!;

/** The CSRF token of the first form on a page. */
export const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;

/**
 * Signs in through the local sign-in form as the demo's person `person` (its index), from
 * `remoteAddress` when given: the sign-in's answer and the session cookie it set.
 */
export async function signInLocally(inject: Inject, { person = '0', remoteAddress }: { person?: string; remoteAddress?: string } = {}) {
  const from = remoteAddress ? { remoteAddress } : {};
  const page = await inject({ url: '/sign-in', ...from });
  const answer = await inject({ method: 'POST', url: '/sign-in', ...from, headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(csrfOf(page.body))}&person=${person}` });
  return { answer, cookie: cookieOf(answer) };
}
