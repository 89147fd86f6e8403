/**
 * NHS number check digit (NHS Data Dictionary): weights 10..2 over the first nine digits, 11 minus
 * the sum modulo 11 is the check digit, 11 becomes 0 and 10 means the number was never issued.
 */
export function isValidNhsNumber(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(value[9]);
}
