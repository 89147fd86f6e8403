import { z } from 'zod';
import { defineEvent } from './catalogue';
import { isoDate, isoDateTime, shortText } from './common';

/** The one stream that says the record holds the demo partnership. */
export const DEMO_DATA_STREAM = 'demo-data';

export const DemoDataMarked = defineEvent({
  type: 'DemoDataMarked',
  schemaVersion: 1,
  category: DEMO_DATA_STREAM,
  description:
    'The record holds the made-up demo partnership: every event recorded from recordedFrom until recordedTo was written by the demo loader on its simulated clock, about no real child.',
  data: z.strictObject({
    seed: shortText,
    /** Children with EHC plans the demo was asked for. */
    size: z.number().int().min(1),
    /** The demo's today: every demo event happened and was recorded before it. */
    today: isoDate,
    recordedFrom: isoDateTime,
    recordedTo: isoDateTime,
  }),
});

export type DemoDataMarkedData = z.infer<typeof DemoDataMarked.data>;
export const demoDataEvents = [DemoDataMarked] as const;
