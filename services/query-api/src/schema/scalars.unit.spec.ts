import { describe, expect, it } from 'vitest';
import { DateScalar, DateTimeScalar } from './scalars';

const refusal = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    return error as { message: string; extensions: { code?: string } };
  }
  throw new Error('expected a refusal');
};

describe('date scalars', () => {
  it('name the value that failed to parse', () => {
    expect(refusal(() => DateScalar.parseValue('01/03/2026')).message).toContain('"01/03/2026"');
    expect(refusal(() => DateScalar.parseValue('2026-02-30')).message).toContain('2026-02-30');
    expect(refusal(() => DateTimeScalar.parseValue('2026-03-01 10:00')).message).toContain('"2026-03-01 10:00"');
    expect(refusal(() => DateTimeScalar.parseValue(20260301)).message).toContain('"20260301"');
  });

  it('cut a long value short rather than echo it whole', () => {
    const long = 'x'.repeat(500);
    const { message } = refusal(() => DateScalar.parseValue(long));
    expect(message).toContain(`"${'x'.repeat(40)}…"`);
    expect(message.length).toBeLessThan(120);
  });

  it('give the bad-input code, and accept the forms they document', () => {
    expect(refusal(() => DateScalar.parseValue('tomorrow')).extensions.code).toBe('QL_ERR_BAD_INPUT');
    expect(DateScalar.parseValue('2026-03-01')).toBe('2026-03-01');
    expect((DateTimeScalar.parseValue('2026-03-01T10:00:00+01:00') as Date).toISOString()).toBe('2026-03-01T09:00:00.000Z');
  });
});
