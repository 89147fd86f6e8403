import { forwardedFor } from './client-address';
import { retryAfterOf } from './retry-after';

/** Sends one command to the record API with the signed-in person's token. */
export interface FieldIssue {
  path: string;
  message: string;
}

export type CommandAnswer =
  | { ok: true; status: number; entityId: string; streamId: string; revision: number; globalPosition: number }
  | { ok: false; status: number; code: string; message: string; rule?: string; issues: FieldIssue[]; /** The wait the record API asked for (Retry-After), with a 429 or 503. */ retryAfterSeconds?: number };

export interface RecordApiClient {
  send(token: string, path: string, body: Record<string, unknown>): Promise<CommandAnswer>;
}

export function createRecordApiClient(baseUrl: string, fetchImpl: typeof fetch = fetch): RecordApiClient {
  return {
    async send(token, path, body) {
      let response: Response;
      try {
        response = await fetchImpl(new URL(path, baseUrl), {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...forwardedFor() },
          body: JSON.stringify(body),
        });
      } catch {
        return { ok: false, status: 503, code: 'WEB_ERR_RECORD_API_UNREACHABLE', message: 'The record service cannot be reached', issues: [] };
      }
      const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
      if (response.ok) {
        return {
          ok: true,
          status: response.status,
          entityId: String(answer.entityId),
          streamId: String(answer.streamId),
          revision: Number(answer.revision),
          globalPosition: Number(answer.globalPosition),
        };
      }
      const error = (answer.error ?? {}) as { code?: string; message?: string; rule?: string; issues?: FieldIssue[] };
      const wait = retryAfterOf(response);
      return {
        ok: false,
        status: response.status,
        code: error.code ?? `HTTP_${response.status}`,
        message: error.message ?? response.statusText,
        ...(error.rule ? { rule: error.rule } : {}),
        issues: Array.isArray(error.issues) ? error.issues : [],
        ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
      };
    },
  };
}
