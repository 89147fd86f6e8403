import type { QueryContext } from '../context';
import { QueryErrorCodes } from '../errors';
import { GraphQLError } from '../graphql-runtime';

const MAX_REASON = 200;

/** Why the caller reads: the reason argument, else the X-Read-Reason header; at most 200 printable characters. */
export function reasonOf(ctx: QueryContext, argument: string | null | undefined): string | undefined {
  const reason = (argument ?? ctx.headerReason)?.trim();
  if (!reason) return undefined;
  if (reason.length > MAX_REASON || [...reason].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new GraphQLError(`reason must be at most ${MAX_REASON} printable characters`, { extensions: { code: QueryErrorCodes.BAD_INPUT } });
  }
  return reason;
}
