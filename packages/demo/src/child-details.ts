import { upnCheckLetter, type Sen2PrimaryNeed } from '@planledger/domain';
import type { Random } from './random';

/** Made-up registration details. Names are common first and family names, combined at random. */

const givenNames = [
  'Amira', 'Oliver', 'Aisha', 'Harry', 'Zara', 'Mohammed', 'Olivia', 'Jack', 'Priya', 'Noah', 'Isla', 'Yusuf', 'Ava', 'Arjun', 'Mia',
  'Leo', 'Fatima', 'George', 'Sofia', 'Ibrahim', 'Grace', 'Rohan', 'Lily', 'Kai', 'Ella', 'Adam', 'Maryam', 'Theo', 'Hannah', 'Ravi',
  'Freya', 'Ali', 'Ruby', 'Jacob', 'Simran', 'Oscar', 'Chloe', 'Dev', 'Evie', 'Musa', 'Poppy', 'Alfie', 'Anaya', 'Charlie', 'Layla',
];
const familyNames = [
  'Patel', 'Smith', 'Mistry', 'Jones', 'Khan', 'Taylor', 'Begum', 'Brown', 'Parmar', 'Williams', 'Ahmed', 'Wilson', 'Chauhan', 'Evans',
  'Hussain', 'Thomas', 'Lad', 'Roberts', 'Ali', 'Johnson', 'Solanki', 'Walker', 'Mahmood', 'Wright', 'Kaur', 'Green', 'Singh', 'Hall',
  'Chudasama', 'Wood', 'Osman', 'Clarke', 'Mohamed', 'Hughes', 'Pandya', 'Edwards', 'Nowak', 'Turner', 'Kowalski', 'Hill',
];

/** Roughly the shares of primary need among EHC plans in England (SEN2). */
export const primaryNeedShares: ReadonlyArray<readonly [Sen2PrimaryNeed, number]> = [
  ['ASD', 32],
  ['SEMH', 15],
  ['SLCN', 15],
  ['MLD', 9],
  ['SLD', 7],
  ['SPLD', 4],
  ['PD', 5],
  ['PMLD', 3],
  ['HI', 2],
  ['VI', 1],
  ['MSI', 1],
  ['OTH', 6],
];

export interface ChildDetails {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  nhsNumber?: string;
  upn?: string;
  primaryNeed: Sen2PrimaryNeed;
}

const NHS_PREFIXES = 60_000_000;
/** Coprime with NHS_PREFIXES (not divisible by 2, 3 or 5), so serial -> prefix is one to one and looks random. */
const NHS_PREFIX_STRIDE = 7_368_787;

/**
 * A ten-digit NHS number with a valid modulus 11 check digit. One NHS number belongs to one child, so
 * with a serial the first eight digits come from it, one to one, and only the ninth is drawn: over
 * its ten values the weighted sum takes ten different remainders, so at most one has no check digit.
 * Without a serial all nine are drawn.
 */
export function nhsNumber(random: Random, serial?: number): string {
  const prefix = serial === undefined ? null : String(40_000_000 + ((serial * NHS_PREFIX_STRIDE + 12_345) % NHS_PREFIXES));
  for (;;) {
    const digits = prefix
      ? [...prefix].map(Number).concat(random.int(0, 9))
      : Array.from({ length: 9 }, (_, i) => (i === 0 ? random.int(4, 9) : random.int(0, 9)));
    const sum = digits.reduce((total, d, i) => total + d * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${digits.join('')}${check === 11 ? 0 : check}`;
  }
}

/** A permanent UPN for a Leicester school (LA 856): check letter, LA, school, year, serial. */
export function upn(random: Random, yearAllocated: number): string {
  const body = `856${String(random.int(1000, 9999))}${String(yearAllocated % 100).padStart(2, '0')}${String(random.int(0, 999)).padStart(3, '0')}`;
  return `${upnCheckLetter(body)}${body}`;
}

const DAY_MS = 86_400_000;

/** Details for a child aged between `minAge` and `maxAge` on `today`. */
export function childDetails(random: Random, today: string, minAge: number, maxAge: number, serial?: number): ChildDetails {
  const ageDays = random.int(minAge * 365 + 30, maxAge * 365 + 300);
  const dateOfBirth = new Date(Date.parse(`${today}T00:00:00Z`) - ageDays * DAY_MS).toISOString().slice(0, 10);
  const details: ChildDetails = {
    givenName: random.pick(givenNames),
    familyName: random.pick(familyNames),
    dateOfBirth,
    primaryNeed: random.weighted(primaryNeedShares),
  };
  if (random.chance(0.92)) details.nhsNumber = nhsNumber(random, serial);
  if (ageDays > 4 * 365 && random.chance(0.9)) details.upn = upn(random, Number(dateOfBirth.slice(0, 4)) + 5);
  return details;
}
