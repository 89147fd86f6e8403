import nunjucks from 'nunjucks';

const { SafeString } = nunjucks.runtime;

/**
 * Nunjucks's own `trim` (`str.replace(/^\s*|\s*$/g, '')`) tries its pattern at every character of
 * the string, and the GOV.UK macros trim whatever they wrap (a fieldset trims the whole form it
 * holds, a table each cell): that one regular expression was about half of a form page's render.
 * `String.prototype.trim` removes the same characters (ECMAScript's `\s` is exactly its
 * WhiteSpace and LineTerminator) from the two ends only. Strings and safe strings keep their
 * safeness as the built-in does; anything else goes to the built-in, so it fails as before.
 */
export function trim(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (value instanceof SafeString) return new SafeString(String(value).trim());
  return builtInTrim(value);
}

const builtInTrim = (value: unknown) => (value as { replace(pattern: RegExp, by: string): string }).replace(/^\s*|\s*$/g, '');
