import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from './nhs-number';
import { isValidUpn, upnCheckLetter } from './upn';

describe('NHS number check digit', () => {
  it.each(['9434765919', '4010232137', '4857773457'])('accepts the valid number %s', (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });
  it('accepts a number whose check digit comes out as 11 and is written 0', () => {
    // 9 digits summing (weighted) to a multiple of 11: 11 - 0 = 11, written as 0.
    expect(isValidNhsNumber('0000000000')).toBe(true);
  });
  it.each([
    ['9434765918', 'wrong check digit'],
    ['9434765910', 'wrong check digit'],
    ['4010232138', 'wrong check digit'],
    ['0000000060', 'check digit would be 10, never issued'],
    ['0000000069', 'check digit would be 10, never issued'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943 476 5919', 'spaces'],
    ['94347659a9', 'a letter'],
  ])('rejects %s (%s)', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
});

describe('UPN check letter', () => {
  it.each(['H801200001001', 'Z213282605052', 'J20120099999A'])('accepts the valid UPN %s', (upn) => {
    expect(isValidUpn(upn)).toBe(true);
  });
  it('computes the letter from the weighted sum of characters 2-13 modulo 23', () => {
    // 8*2 + 1*4 + 2*5 + 1*10 + 1*13 = 53; 53 mod 23 = 7 -> the eighth letter of the table, H.
    expect(upnCheckLetter('801200001001')).toBe('H');
  });
  it.each([
    ['A801200001001', 'wrong check letter'],
    ['P213282605052', 'wrong check letter'],
    ['A123456789123', 'wrong check letter'],
    ['H80120000100', 'twelve characters'],
    ['H8012000010011', 'fourteen characters'],
    ['H80120000100I', 'I is not in the letter table'],
    ['H8012000A1001', 'letter in the middle'],
    ['h801200001001', 'lower case'],
  ])('rejects %s (%s)', (upn) => {
    expect(isValidUpn(upn)).toBe(false);
  });
});
