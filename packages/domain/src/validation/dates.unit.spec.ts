import { describe, expect, it } from 'vitest';
import { addWeeks, ageOn, yearGroupOn } from './dates';

describe('calendar helpers', () => {
  it('adds six weeks across a month end and a leap day', () => {
    expect(addWeeks('2024-02-01', 6)).toBe('2024-03-14');
    expect(addWeeks('2025-12-01', 6)).toBe('2026-01-12');
  });
  it('counts age in whole years, turning on the birthday', () => {
    expect(ageOn('2012-03-14', '2025-03-13')).toBe(12);
    expect(ageOn('2012-03-14', '2025-03-14')).toBe(13);
  });
  it('places a child in their national curriculum year', () => {
    // Born March 2012: 13 on 31 August 2025, so Year 9 from September 2025.
    expect(yearGroupOn('2012-03-14', '2025-09-01')).toBe(9);
    expect(yearGroupOn('2012-03-14', '2025-08-31')).toBe(8);
    // 31 August and 1 September 2011 fall either side of the cohort boundary.
    expect(yearGroupOn('2011-08-31', '2025-01-10')).toBe(9);
    expect(yearGroupOn('2011-09-01', '2025-01-10')).toBe(8);
    expect(yearGroupOn('2012-08-31', '2025-01-10')).toBe(8);
  });
});

describe('statutory dates are calendar dates in Europe/London', () => {
  it('gives the same date for the same instant written with Z or with +01:00', async () => {
    const { dateOf } = await import('./dates');
    expect(dateOf('2025-06-30T23:30:00Z')).toBe('2025-07-01');
    expect(dateOf('2025-07-01T00:30:00+01:00')).toBe('2025-07-01');
    expect(dateOf('2025-07-01T00:30:00+01:00')).toBe(dateOf('2025-06-30T23:30:00Z'));
  });

  it('keeps a winter instant on its UTC date, and a summer "now" between midnight and 1 a.m. on today in London', async () => {
    const { londonDateOf } = await import('./dates');
    expect(londonDateOf('2025-01-15T23:30:00Z')).toBe('2025-01-15');
    expect(londonDateOf(new Date('2025-08-10T23:15:00.000Z'))).toBe('2025-08-11');
  });
});
