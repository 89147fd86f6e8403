import { describe, expect, it } from 'vitest';
import { accessLogStreamOf, childIdOfAccessLogStream, isAccessLogStream, listAccessLogStreamOf } from './access-log-event';

describe('access-log stream ids', () => {
  const childId = '0b7e8f1c-5d2a-4c3e-9f10-2a6b7c8d9e0f';
  const organisationId = 'c8a2f6d4-1b3e-4f5a-8c7d-9e0f1a2b3c4d';

  it("give back the child whose access log a stream is, and no child for an organisation's lists or a record stream", () => {
    expect(childIdOfAccessLogStream(accessLogStreamOf(childId))).toBe(childId);
    expect(isAccessLogStream(listAccessLogStreamOf(organisationId))).toBe(true);
    expect(childIdOfAccessLogStream(listAccessLogStreamOf(organisationId))).toBeNull();
    expect(childIdOfAccessLogStream(`child-${childId}`)).toBeNull();
  });
});
