export type { Agency, Caller, Role } from '@planledger/domain';
