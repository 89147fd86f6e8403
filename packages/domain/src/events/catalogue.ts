import type { z } from 'zod';

/** One event type at one schema version: its zod schema is the single source of its shape. */
export interface EventDefinition<Type extends string = string, Schema extends z.ZodType = z.ZodType> {
  type: Type;
  schemaVersion: number;
  /** The stream category the event belongs to (child, family-help-plan, ehc-assessment, ...). */
  category: string;
  description: string;
  data: Schema;
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(definition: EventDefinition<Type, Schema>): EventDefinition<Type, Schema> {
  return definition;
}
