import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from '../graphql-runtime';
import { QueryErrorCodes } from '../errors';

const bad = (message: string) => new GraphQLError(message, { extensions: { code: QueryErrorCodes.BAD_INPUT } });

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The value that failed, quoted and cut short, so the caller sees what was not understood. */
const shown = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
};

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) throw bad(`DateTime must be ISO 8601 with an offset, e.g. 2026-01-15T10:00:00Z; got ${shown(value)}`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw bad(`${value} is not a real instant`);
  return date;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) throw bad(`Date must be YYYY-MM-DD; got ${shown(value)}`);
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) throw bad(`${value} is not a real date`);
  return value;
}

const literal = (node: ValueNode) => (node.kind === Kind.STRING ? node.value : undefined);

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in ISO 8601 with its offset, e.g. 2026-01-15T10:00:00Z.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(literal(node)),
});

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD.',
  serialize: (value) => String(value).slice(0, 10),
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(literal(node)),
});

export const JSONScalar = new GraphQLScalarType<unknown, unknown>({
  name: 'JSON',
  description: 'Any JSON value: the data of an event exactly as it was recorded.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: () => {
    throw bad('JSON values are output only');
  },
});
