import { z } from 'zod';
import { idSchema, isoDateTime } from '../events/common';

/** Every command body may say when the thing happened in the world; absent, it happened now. */
export function commandBody<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject({ ...shape, occurredAt: isoDateTime.optional() });
}

export const noParams = z.strictObject({});
export const idParams = <Key extends string>(key: Key) => z.strictObject({ [key]: idSchema } as Record<Key, typeof idSchema>);
