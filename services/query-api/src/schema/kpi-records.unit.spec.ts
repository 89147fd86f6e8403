import { describe, expect, it } from 'vitest';
import { QueryErrorCodes } from '../errors';
import { KPI_RECORDS_PER_TURN, listKpiRecords, MAX_KPI_RECORDS_PER_REQUEST } from './kpi-records';

describe('records behind KPI figures', () => {
  it('lists a long list a chunk per event-loop turn, every record in order', async () => {
    const records = Array.from({ length: KPI_RECORDS_PER_TURN * 3 + 5 }, (_, i) => ({ i }));
    const listed = listKpiRecords({}, records);
    expect(listed.slice(0, KPI_RECORDS_PER_TURN)).toEqual(records.slice(0, KPI_RECORDS_PER_TURN));
    expect(listed[KPI_RECORDS_PER_TURN]).toBeInstanceOf(Promise);
    let turns = 0;
    let counting = true;
    const count = () => {
      if (!counting) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    await listed[KPI_RECORDS_PER_TURN];
    const turnsAtSecondChunk = turns;
    await listed[KPI_RECORDS_PER_TURN * 3];
    const turnsAtLastChunk = turns;
    counting = false;
    expect(turnsAtSecondChunk).toBeGreaterThanOrEqual(1);
    expect(turnsAtLastChunk).toBeGreaterThanOrEqual(turnsAtSecondChunk + 2);
    expect(await Promise.all(listed)).toEqual(records);
  });

  it('refuses a request that lists more records than a response may carry, counting every figure of it', () => {
    const request = {};
    const many = (n: number) => Array.from({ length: n }, () => ({}));
    expect(() => listKpiRecords(request, many(MAX_KPI_RECORDS_PER_REQUEST - 10))).not.toThrow();
    let code: unknown;
    try {
      listKpiRecords(request, many(11));
    } catch (error) {
      code = (error as { extensions?: { code?: string } }).extensions?.code;
    }
    expect(code).toBe(QueryErrorCodes.KPI_RECORDS_LIMIT);
    expect(() => listKpiRecords({}, many(11))).not.toThrow();
  });
});
