import type { Random } from './random';

/** Plain-English snippets practitioners might write; picked at random so plans read differently. */

export const impactTexts: Record<string, readonly string[]> = {
  communication: [
    'Uses a few single words and Makaton signs; becomes distressed when not understood.',
    'Speaks in short phrases; needs visual supports to follow instructions.',
    'Non-verbal; communicates through a picture exchange system and eye pointing.',
  ],
  mobility: ['Uses a wheelchair outdoors and needs help with transfers.', 'Walks short distances with a frame; tires quickly.', 'Needs a hoist for all transfers at home.'],
  personal_care: ['Needs full support with washing, dressing and toileting.', 'Needs prompting and some help with dressing and hygiene.', 'Wears continence products; needs changing several times a day.'],
  learning: ['Working well below age-related expectations; learns best with one-to-one support.', 'Finds it hard to retain new skills without daily repetition.'],
  behaviour_and_emotional_wellbeing: [
    'Frequent meltdowns at transitions; sometimes hurts siblings when overwhelmed.',
    'High anxiety about leaving the house; school attendance has fallen.',
    'Self-injures when routines change without warning.',
  ],
  health: ['Epilepsy with several seizures a week; rescue medication at home.', 'Fed by gastrostomy overnight; frequent chest infections.', 'Sleeps three to four hours a night.'],
  family_functioning: [
    'Parents sleep four hours a night and both have reduced their working hours.',
    'Siblings rarely have their parents\' time; family outings have stopped.',
    'Mother is the sole carer and reports exhaustion; no family nearby to help.',
    'Father has given up work to care; household income has fallen sharply.',
  ],
};

export const childViews = [
  'Likes swimming and music; does not like loud places.',
  'Wants to go to the youth club with friends.',
  'Said, using symbols, that he is happy at school but sad at bedtime.',
  'Wants more time on the trampoline and less time in the car.',
  'Would like to stay overnight somewhere fun, like her cousin does.',
];

export const familyViews = [
  'We need a break so we can keep going as a family.',
  'We want help to manage bedtimes and mornings.',
  'We are worried about what happens when he leaves school.',
  'We want her brother to have some time with us too.',
];

export const needs = [
  'Regular overnight breaks so parents can sleep.',
  'Support to manage behaviour at home.',
  'Adaptations to the bathroom for safe bathing.',
  'Speech and language therapy to develop communication.',
  'A consistent approach to sleep across home and school.',
  'Help for siblings through a young carers group.',
];

export const outcomes: ReadonlyArray<{ outcome: string; measure: string; role: string }> = [
  { outcome: 'Sleeps through the night at least four nights a week', measure: 'Sleep diary kept by parents, reviewed monthly', role: 'sleep practitioner' },
  { outcome: 'Goes to an after-school club once a week', measure: 'Attendance record from the club', role: 'short breaks coordinator' },
  { outcome: 'Uses a communication aid to make choices at home', measure: 'Number of choices made each day, from the home log', role: 'speech and language therapist' },
  { outcome: 'Parents report feeling able to cope', measure: 'Carer strain score at each review', role: 'social worker' },
  { outcome: 'Attends school for at least 90% of sessions', measure: 'School attendance figures each half term', role: 'SENCo' },
];

export const contributions: Record<'education' | 'health' | 'social_care', ReadonlyArray<{ support: string; frequency: string }>> = {
  education: [
    { support: 'One-to-one teaching assistant support and a visual timetable', frequency: 'daily' },
    { support: 'Speech and language programme delivered in class', frequency: 'three times a week' },
    { support: 'Transition support before each change of class', frequency: 'termly' },
  ],
  health: [
    { support: 'Sleep clinic and melatonin review', frequency: 'monthly' },
    { support: 'Community nursing for gastrostomy care', frequency: 'weekly' },
    { support: 'CAMHS learning disability team sessions', frequency: 'fortnightly' },
    { support: 'Occupational therapy assessment for equipment', frequency: 'every six months' },
  ],
  social_care: [
    { support: 'Family support worker visits', frequency: 'weekly' },
    { support: 'Carer\'s assessment and carer\'s break', frequency: 'yearly' },
    { support: 'Overnight short breaks at a residential unit', frequency: 'two nights a month' },
  ],
};

export const adviceSections = {
  education: {
    B: ['Significant difficulties with communication and interaction; needs a highly structured setting.', 'Learning well below age-related expectations in literacy and numeracy.'],
    F: ['Small class with a high staff ratio, visual supports and a daily speech and language programme.', 'Daily one-to-one support for literacy and a quiet space for breaks.'],
  },
  health: {
    C: ['Epilepsy managed with medication; sleep disorder under review.', 'Autism diagnosed at age 4; constipation and restricted diet.', 'Cerebral palsy with limited mobility; needs regular physiotherapy.'],
    G: ['Sleep clinic and melatonin; seizure plan shared with school.', 'Physiotherapy programme delivered weekly in school.', 'Dietitian review twice a year.'],
  },
  social_care: {
    D: ['Family under strain from caring at night; parents need regular breaks.', 'Child in need plan in place; carer\'s assessment completed.', 'Needs support to take part in activities outside school with peers.'],
    H1: ['Overnight short breaks under section 17 of the Children Act 1989.', 'Direct payment for a personal assistant.'],
    H2: ['Holiday scheme places through the local offer.', 'Support from the young carers service for a sibling.'],
  },
} as const;

export const reviewSummaries = ['Plan reviewed with the family; progress on sleep, more help needed at weekends.', 'Good progress; outcomes updated.', 'Family under more pressure; support increased.'];
export const leadNames = ['Sam Lee', 'Jo Patel', 'Chris Morgan', 'Priya Shah', 'Alex Green', 'Nadia Khan', 'Tom Barker', 'Ruth Okafor'];
export const moderationFeedback = {
  meets: ['Specific and quantified; clear links between needs and provision.', 'Clear, child-centred and measurable.'],
  fails: ['Provision is not specified or quantified.', 'Does not say how the needs affect learning.', 'Outcomes are not measurable.'],
};
export const reviewDecisionReasons = {
  maintain: 'Needs and provision unchanged; plan remains appropriate.',
  amend: 'Needs have changed; health and social care provision to be updated.',
  cease: 'Needs now met through ordinary provision.',
} as const;

export const shortBreakReasons = ['Meets the eligibility criteria for overnight breaks.', 'Part met through the local offer; overnight breaks not needed now.', 'Needs can be met by universal services.'];

export function pickText(random: Random, texts: readonly string[]): string {
  return random.pick(texts);
}
