import type { QueryContext } from '../context';
import type { ReadReason } from '../access/read-reasons';

/** The reason code of a read: the argument (the ReadReason enum, mapped to its code) or else the header's. */
export function reasonOf(ctx: QueryContext, argument: ReadReason | null | undefined): ReadReason | undefined {
  return argument ?? ctx.headerReason;
}
