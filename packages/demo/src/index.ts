export {
  DEFAULT_DEMO_CONCURRENCY,
  DEFAULT_DEMO_SEED,
  DEFAULT_DEMO_SIZE,
  generateDemoPartnership,
  type DemoCommand,
  type DemoPartnership,
  type DemoProgress,
  type GenerateDemoOptions,
} from './generate-demo-partnership';
export type { JourneyResult } from './child-journey';
export { demoPeople, type DemoPerson } from './people';
export { organisations, partnershipOffice, sampleOrganisations, sampleStaff, seedDemoRegister, staff, type Organisation } from './partnership';
export { progressLine } from './progress-line';
export { SIMULATED_DAYS } from './simulated-clock';
export { seededRandom, type Random } from './random';
