import { READ_REASONS } from '@planledger/query-api';
import { describe, expect, it } from 'vitest';
import { READ_REASON_CODES, readReasonText } from './read-reason-codes';

describe('the read reasons the web offers', () => {
  it('are exactly the query API’s codes, each with plain English', () => {
    expect([...READ_REASON_CODES]).toEqual([...READ_REASONS]);
    for (const code of READ_REASON_CODES) expect(readReasonText[code]).toMatch(/^[A-Z]/);
  });
});
