import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { trim } from './trim-filter';

const builtIn = new nunjucks.Environment().getFilter('trim') as (value: unknown) => unknown;
const { SafeString } = nunjucks.runtime;

// Every character ECMAScript counts as white space or a line end, and a few it does not.
const spaces = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u180e', 'x', '<b>'];
const text = fc.array(fc.oneof(fc.constantFrom(...spaces), fc.string()), { maxLength: 12 }).map((parts) => parts.join(''));

describe('the trim filter', () => {
  it('gives what Nunjucks’s own trim gives, for any string', () => {
    fc.assert(fc.property(text, (value) => {
        expect(trim(value)).toBe(builtIn(value));
      }), { numRuns: 2000 });
  });

  it('keeps a safe string safe and a plain string plain, as the built-in does', () => {
    fc.assert(
      fc.property(text, (value) => {
        const safe = trim(new SafeString(value));
        expect(safe).toBeInstanceOf(SafeString);
        expect(String(safe)).toBe(String(builtIn(new SafeString(value))));
        expect(typeof trim(value)).toBe('string');
      }),
    );
  });

  it('fails on what is not a string as the built-in does', () => {
    expect(() => builtIn(42)).toThrow(TypeError);
    expect(() => trim(42)).toThrow(TypeError);
  });

  it('renders the same page through a template as the built-in', () => {
    const page = '{{ "  <p>\n  one </p>\n\n" | safe | trim }}|{{ "  two  " | trim }}|{{ (caller) | default("  three ") | trim }}';
    const withBuiltIn = new nunjucks.Environment(null, { autoescape: true });
    const withOurs = new nunjucks.Environment(null, { autoescape: true }).addFilter('trim', trim);
    expect(withOurs.renderString(page, {})).toBe(withBuiltIn.renderString(page, {}));
    expect(withOurs.renderString(page, {})).toBe('<p>\n  one </p>|two|three');
  });
});
