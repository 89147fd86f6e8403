/** SEN2 primary type of need codes (DfE SEN2 return). */
export const sen2PrimaryNeeds = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH'] as const;
export type Sen2PrimaryNeed = (typeof sen2PrimaryNeeds)[number];
