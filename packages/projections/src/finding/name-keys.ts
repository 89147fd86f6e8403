import damerauLevenshtein from 'damerau-levenshtein';
import { doubleMetaphone } from 'double-metaphone';

/**
 * How names are compared. Case, accents, hyphens and apostrophes never matter; a spelling that
 * sounds the same (Double Metaphone, either of its two codes) or differs by one edit, a transposed
 * pair of letters included (Damerau-Levenshtein), still matches.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const APOSTROPHES = /['\u2018\u2019\u02bc`]/g;
const SEPARATORS = /[^a-z]+/;

/** "Zoë O'Brien-Núñez" → ["zoe", "obrien", "o", "brien", "nunez", "obriennunez"] (whole parts, apostrophe pieces, hyphen-joined). */
export function nameTokens(name: string): string[] {
  const folded = name.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
  const tokens = new Set<string>();
  for (const word of folded.split(/\s+/)) {
    const hyphenParts = word.replace(APOSTROPHES, '').split(SEPARATORS).filter(Boolean);
    for (const part of hyphenParts) tokens.add(part);
    if (hyphenParts.length > 1) tokens.add(hyphenParts.join(''));
    for (const piece of word.split(APOSTROPHES)) for (const part of piece.split(SEPARATORS)) if (part) tokens.add(part);
  }
  return [...tokens];
}

/** The tokens of what someone typed: the same folding, without the extra pieces (each typed word must match). */
export function queryTokens(name: string): string[] {
  const folded = name.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase();
  return folded
    .split(/[\s-]+/)
    .map((word) => word.replace(APOSTROPHES, '').replace(/[^a-z]/g, ''))
    .filter(Boolean);
}

/** Both Double Metaphone codes of a token (one when they agree). */
export function soundKeys(token: string): string[] {
  const [primary, secondary] = doubleMetaphone(token);
  const keys = primary ? [primary] : [];
  if (secondary && secondary !== primary) keys.push(secondary);
  return keys;
}

/**
 * The token with each single letter removed: two tokens one edit apart (a transposition included)
 * always share one of these variants or the token itself, so candidates for the edit-distance check
 * are found by look-up rather than by comparing against every name.
 */
export function deletionVariants(token: string): string[] {
  if (token.length < 4) return [];
  const out = new Set<string>();
  for (let i = 0; i < token.length; i++) out.add(token.slice(0, i) + token.slice(i + 1));
  return [...out];
}

/** Edits allowed for a typed token: none for very short ones, one from four letters, two from eight. */
export const allowedEdits = (token: string) => (token.length >= 8 ? 2 : token.length >= 4 ? 1 : 0);

export type TokenMatch = 'exact' | 'sound' | 'spelling';

/** How well a typed token matches a name token, or null. */
export function matchToken(typed: string, name: string, typedKeys: readonly string[], nameKeys: readonly string[]): TokenMatch | null {
  if (typed === name) return 'exact';
  if (typed.length >= 2 && typedKeys.some((k) => nameKeys.includes(k))) return 'sound';
  const edits = allowedEdits(typed);
  if (edits > 0 && Math.abs(typed.length - name.length) <= edits && damerauLevenshtein(typed, name).steps <= edits) return 'spelling';
  return null;
}

export const matchWeight: Record<TokenMatch, number> = { exact: 3, sound: 2, spelling: 1 };
