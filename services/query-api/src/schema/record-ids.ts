const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string) => UUID.test(value);

export const planPrefixes = {
  family_help_plan: 'family-help-plan-',
  ehc_assessment: 'ehc-assessment-',
  short_break: 'short-break-',
} as const;

export type PlanKind = keyof typeof planPrefixes;

/** Accepts a record's id or its full stream id; null for anything else (answered as not found). */
export function streamIdFor(prefix: string, id: string): string | null {
  if (isUuid(id)) return `${prefix}${id.toLowerCase()}`;
  if (id.startsWith(prefix) && isUuid(id.slice(prefix.length))) return id;
  return null;
}

export function planKindOf(streamId: string): PlanKind | null {
  for (const [kind, prefix] of Object.entries(planPrefixes)) if (streamId.startsWith(prefix)) return kind as PlanKind;
  return null;
}
