export { registerCallers, organisationOfCaller, testPartnershipOffice } from './register-callers';
export { designMayWrite, designRoles, designWorksIn } from './design-access';
export { buildScenario, now as scenarioNow, people as scenarioPeople, type Scenario } from './scenario';
