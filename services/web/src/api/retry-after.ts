/** The wait an API asked for (`Retry-After`, in whole seconds), or undefined when it gave none or an HTTP date. */
export function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? NaN);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Passes an API's wait on to the browser with the page or form that says it (nothing when it gave none). */
export function passOnRetryAfter(reply: { header(name: string, value: string): unknown }, seconds: number | undefined): void {
  if (seconds !== undefined) reply.header('retry-after', String(seconds));
}
