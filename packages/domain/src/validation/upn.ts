/**
 * Unique Pupil Number check letter (DfE common basic data set): characters 2-13 weighted 2..13,
 * the sum modulo 23 indexes the letter table. A temporary UPN ends in a letter, valued by its place
 * in the same table.
 */
const LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export function upnCheckLetter(body: string): string | null {
  if (!/^\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const c = body[i]!;
    const value = /\d/.test(c) ? Number(c) : LETTERS.indexOf(c);
    sum += value * (i + 2);
  }
  return LETTERS[sum % 23]!;
}

export function isValidUpn(value: string): boolean {
  if (value.length !== 13) return false;
  const expected = upnCheckLetter(value.slice(1));
  return expected !== null && expected === value[0];
}
