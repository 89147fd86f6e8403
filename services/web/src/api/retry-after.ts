/** The wait an API asked for (`Retry-After`, in whole seconds), or undefined when it gave none or an HTTP date. */
export function retryAfterOf(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? NaN);
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
}
