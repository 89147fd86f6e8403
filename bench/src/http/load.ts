import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes seen other than 2xx, with counts. */
  otherStatuses: Record<string, number>;
  /** 2xx answers whose body `accept` refused (e.g. GraphQL errors, which come with 200). */
  refusedBodies: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Builds each request: method, path, headers, body. Called once per request. */
  nextRequest: () => { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
  /** Checks each 2xx body; a refusal is counted, not thrown. */
  accept?: (body: string) => boolean;
}

/** One autocannon run against 127.0.0.1, every request built by `nextRequest`. */
export async function runLoad({ url, connections, durationSeconds, nextRequest, accept }: LoadOptions): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load only goes to 127.0.0.1, not ${url}`);
  let refusedBodies = 0;
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => {
          const next = nextRequest();
          return { ...request, method: next.method, path: next.path, headers: next.headers, ...(next.body === undefined ? {} : { body: next.body }) };
        },
        ...(accept
          ? {
              onResponse: (status: number, body: string) => {
                if (status >= 200 && status < 300 && !accept(body)) refusedBodies++;
              },
            }
          : {}),
      },
    ],
  });
  const otherStatuses: Record<string, number> = {};
  for (const [status, { count = 0 } = {}] of Object.entries(result.statusCodeStats ?? {})) {
    if (!status.startsWith('2')) otherStatuses[status] = count;
  }
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    otherStatuses,
    refusedBodies,
  };
}
