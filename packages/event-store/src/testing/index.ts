/** Test support for other packages: the contract suite, sample events, and container detection. */
export { contractChecks, newEvent, testActor, type ContractCheck, type ContractContext } from './contract';
export { describeEventStoreContract, type ContractHarness } from './describe-contract';
export * from '../esdb/testing/docker-available';
