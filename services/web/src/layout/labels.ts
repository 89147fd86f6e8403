import { organisations } from '@planledger/demo';

/** Plain-English names for the record's codes, as pages show them. */
const names: Record<string, string> = {
  social_worker: 'Social worker',
  team_manager: 'Team manager',
  send_officer: 'SEND officer',
  health_practitioner: 'Health practitioner',
  education_practitioner: 'Education practitioner',
  auditor: 'Auditor',
  social_care: 'Social care',
  education: 'Education',
  health: 'Health',
  family_functioning: 'Family functioning',
  behaviour_and_emotional_wellbeing: 'Behaviour and emotional wellbeing',
  personal_care: 'Personal care',
  early_help: 'Early help',
  family_help: 'Family Help',
  child_in_need: 'Child in need',
  child_protection: 'Child protection',
  looked_after: 'Looked after',
  family_help_plan: 'Family Help plan',
  ehc_assessment: 'EHC assessment',
  short_break: 'Short break',
  needs_assessment: 'EHC needs assessment',
  annual_review: 'Annual review',
  local_offer: 'Local offer (no assessment)',
  self_assessment: 'Self-assessment',
  social_care_assessment: 'Social care assessment',
  parent_young_person: 'Parent or young person',
  educational_psychologist: 'Educational psychologist',
  preparation_for_adulthood: 'Preparation for adulthood',
  advice_requested: 'Invited by an advice request',
  direct_conversation: 'Direct conversation',
  with_advocate: 'With an advocate',
  communication_aid: 'Using a communication aid',
  ASD: 'Autistic spectrum disorder (ASD)',
  SPLD: 'Specific learning difficulty (SPLD)',
  MLD: 'Moderate learning difficulty (MLD)',
  SLD: 'Severe learning difficulty (SLD)',
  PMLD: 'Profound and multiple learning difficulty (PMLD)',
  SEMH: 'Social, emotional and mental health (SEMH)',
  SLCN: 'Speech, language and communication needs (SLCN)',
  HI: 'Hearing impairment (HI)',
  VI: 'Vision impairment (VI)',
  MSI: 'Multi-sensory impairment (MSI)',
  PD: 'Physical disability (PD)',
  OTH: 'Other difficulty or disability (OTH)',
};

/** `some_code` as words, unless it has a name above. */
export function label(code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const named = names[code];
  if (named) return named;
  const words = code.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function choicesOf(codes: readonly string[]) {
  return codes.map((value) => ({ value, text: label(value) }));
}

/**
 * An organisation's name. The record names organisations by id; until the query API answers with
 * names, the demo partnership's register supplies them, and an unknown id is shown as it is.
 */
const organisationById = new Map(organisations.map((o) => [o.organisationId, o]));

export function organisationName(organisationId: string): string {
  return organisationById.get(organisationId)?.description ?? organisationId;
}

export function organisationChoices() {
  return organisations.map((o) => ({ value: o.organisationId, text: `${o.description} (${label(o.agency)})` }));
}

// One formatter for every date: toLocaleDateString builds a new one per call, which was the largest
// single cost of rendering a record page.
const ukDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** A date as GOV.UK writes it: 5 January 2026. */
export function govDate(value: string | null | undefined): string {
  if (!value) return '';
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return ukDate.format(date);
}

export function agencyOfOrganisation(organisationId: string): string | undefined {
  return organisationById.get(organisationId)?.agency;
}
