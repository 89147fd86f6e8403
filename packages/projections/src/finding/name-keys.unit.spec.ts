import { describe, expect, it } from 'vitest';
import { deletionVariants, matchToken, nameTokens, queryTokens, soundKeys } from './name-keys';

const match = (typed: string, name: string) => matchToken(typed, name, soundKeys(typed), soundKeys(name));

describe('name keys', () => {
  it('folds case, accents, hyphens and apostrophes into tokens', () => {
    expect(nameTokens("Zoë O'Brien-Núñez").sort()).toEqual(['brien', 'nunez', 'o', 'obrien', 'obriennunez', 'zoe'].sort());
    expect(queryTokens("  ZOE  o'brien-NUNEZ ")).toEqual(['zoe', 'obrien', 'nunez']);
  });

  it('matches exactly, by sound, and within one edit including a transposition', () => {
    expect(match('jones', 'jones')).toBe('exact');
    expect(match('smyth', 'smith')).toBe('sound');
    expect(match('catherine', 'katherine')).toBe('sound');
    expect(match('gerogia', 'georgia')).toBe('spelling');
    expect(match('jones', 'smith')).toBeNull();
    expect(match('amy', 'ami')).toBe('sound');
    expect(match('ann', 'ben')).toBeNull();
  });

  it('files a token under every one-letter deletion, so one edit apart always shares a key', () => {
    const shares = (a: string, b: string) => {
      const keysA = new Set([a, ...deletionVariants(a)]);
      return [b, ...deletionVariants(b)].some((k) => keysA.has(k));
    };
    expect(shares('patle', 'patel')).toBe(true);
    expect(shares('amria', 'amira')).toBe(true);
    expect(shares('jonnes', 'jones')).toBe(true);
    expect(shares('jonas', 'jones')).toBe(true);
    expect(shares('smith', 'jones')).toBe(false);
  });
});
