/**
 * The one place where the APIs' field paths become form fields. The record API names a refused
 * field by its path in the request (`body.outcomes.0.byWhen`, `body.responsible.agency`,
 * `params.planId`); a form names its fields by the same path below `body`, joined with dashes
 * (`outcomes-0-byWhen`, `responsible-agency`), so every form maps the same way.
 */
export function formFieldOf(apiPath: string): string | null {
  const [where, ...rest] = apiPath.split('.');
  if (where !== 'body' || rest.length === 0) return null;
  return rest.join('-');
}

/** The body path of a form field: the reverse of formFieldOf, for building request bodies. */
export function bodyPathOf(field: string): string[] {
  return field.split('-');
}
