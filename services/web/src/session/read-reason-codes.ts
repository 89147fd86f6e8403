/**
 * The query API's ReadReason codes (services/query-api/src/access/read-reasons.ts), as the web offers
 * them to people. read-reason-codes.unit.spec.ts checks this list is the query API's.
 */
export const READ_REASON_CODES = ['direct_work', 'assessment', 'advice_request', 'safeguarding', 'audit', 'complaint', 'data_correction', 'other'] as const;

export type ReadReasonCode = (typeof READ_REASON_CODES)[number];

export const isReadReasonCode = (value: unknown): value is ReadReasonCode => typeof value === 'string' && (READ_REASON_CODES as readonly string[]).includes(value);

/** Plain English for each code, as the reason question and the record pages say it. */
export const readReasonText: Record<ReadReasonCode, string> = {
  direct_work: 'Work with the child or family (a visit, a plan, a review)',
  assessment: 'An EHC needs assessment or another statutory assessment',
  advice_request: 'Answering a request for advice or information',
  safeguarding: 'A safeguarding concern or enquiry',
  audit: 'A case file audit or quality assurance',
  complaint: 'Handling a complaint',
  data_correction: 'Checking or correcting the record',
  other: 'Something else',
};
