export { registerCallers, organisationOfCaller, testPartnershipOffice } from './register-callers';
export { designMayWrite, designRoles, designWorksIn } from './design-access';
