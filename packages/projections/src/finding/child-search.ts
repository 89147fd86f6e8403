import type { EventData } from '@planledger/domain';
import { evolveStream } from '../read-models/correctable-stream';
import { childStreamRules, type ChildView } from '../read-models/child-register';
import type { ReadModel } from '../runner/read-model';
import { deletionVariants, matchToken, matchWeight, nameTokens, queryTokens, soundKeys } from './name-keys';

const CHILD_PREFIX = 'child-';

interface IndexedChild {
  childId: string;
  familyName: string;
  givenName: string;
  dateOfBirth: string;
  nhsNumber: string | null;
  upn: string | null;
  /** Name tokens with their sound keys. */
  tokens: Array<{ token: string; keys: string[] }>;
  /** Every look-up key this child is filed under, so a re-index can take them out again. */
  lookups: string[];
}

/**
 * Children filed for finding, kept as events arrive (never scanned per search): by NHS number, by UPN,
 * by date of birth, and by each name token, its sound keys and its one-letter deletions. A correction
 * of a registration re-files the child.
 */
export interface ChildSearchIndex {
  views: Map<string, ChildView>;
  children: Map<string, IndexedChild>;
  lookups: Map<string, Set<string>>;
}

const file = (index: ChildSearchIndex, key: string, childId: string) => {
  let ids = index.lookups.get(key);
  if (!ids) index.lookups.set(key, (ids = new Set()));
  ids.add(childId);
};

const unfile = (index: ChildSearchIndex, key: string, childId: string) => {
  const ids = index.lookups.get(key);
  if (!ids) return;
  ids.delete(childId);
  if (ids.size === 0) index.lookups.delete(key);
};

/** NHS numbers are compared without spaces; UPNs without spaces and in capitals. */
export const normaliseNhsNumber = (value: string) => value.replace(/\s+/g, '');
export const normaliseUpn = (value: string) => value.replace(/\s+/g, '').toUpperCase();

function reindex(index: ChildSearchIndex, childId: string, registered: EventData<'ChildRegistered'> | null) {
  const before = index.children.get(childId);
  if (before) for (const key of before.lookups) unfile(index, key, childId);
  index.children.delete(childId);
  if (!registered) return;
  const tokens = [...new Set([...nameTokens(registered.givenName), ...nameTokens(registered.familyName)])].map((token) => ({ token, keys: soundKeys(token) }));
  const lookups = new Set<string>([`dob:${registered.dateOfBirth}`]);
  if (registered.nhsNumber) lookups.add(`nhs:${normaliseNhsNumber(registered.nhsNumber)}`);
  if (registered.upn) lookups.add(`upn:${normaliseUpn(registered.upn)}`);
  for (const { token, keys } of tokens) {
    lookups.add(`t:${token}`);
    for (const key of keys) lookups.add(`s:${key}`);
    for (const variant of deletionVariants(token)) lookups.add(`d:${variant}`);
  }
  const child: IndexedChild = {
    childId,
    familyName: registered.familyName,
    givenName: registered.givenName,
    dateOfBirth: registered.dateOfBirth,
    nhsNumber: registered.nhsNumber ?? null,
    upn: registered.upn ?? null,
    tokens,
    lookups: [...lookups],
  };
  for (const key of child.lookups) file(index, key, childId);
  index.children.set(childId, child);
}

export const childSearchIndex: ReadModel<ChildSearchIndex> = {
  name: 'child-search-index',
  initial: () => ({ views: new Map(), children: new Map(), lookups: new Map() }),
  evolve(state, event) {
    if (!event.streamId.startsWith(CHILD_PREFIX)) return state;
    const childId = event.streamId.slice(CHILD_PREFIX.length);
    const before = state.views.get(childId);
    const registeredBefore = before?.registered ?? null;
    const after = evolveStream(childStreamRules, before, event);
    if (!after) return state;
    if (!before) state.views.set(childId, after);
    // Team changes do not move the child in the index: only its registration does.
    after.teamMembers.clear();
    if (after.registered !== registeredBefore) reindex(state, childId, after.registered?.data ?? null);
    return state;
  },
};

export type SearchCriteria = { nhsNumber: string } | { upn: string } | { name: string; dateOfBirth?: string };

export interface SearchHit {
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  /** exact_nhs_number, exact_upn, or name (with the score: 3 per exact token, 2 per sound-alike, 1 per near spelling, 3 for the date of birth). */
  matchedBy: 'nhs_number' | 'upn' | 'name';
  score: number;
}

const byRank = (a: SearchHit, b: SearchHit) =>
  b.score - a.score || a.familyName.localeCompare(b.familyName) || a.givenName.localeCompare(b.givenName) || a.dateOfBirth.localeCompare(b.dateOfBirth) || (a.childId < b.childId ? -1 : 1);

const hitOf = (child: IndexedChild, matchedBy: SearchHit['matchedBy'], score: number): SearchHit => ({
  childId: child.childId,
  givenName: child.givenName,
  familyName: child.familyName,
  dateOfBirth: child.dateOfBirth,
  matchedBy,
  score,
});

/**
 * Every child matching the criteria that `mayRead` admits, best first. Candidates come from the
 * look-ups; each is then checked: every typed word must match one of the child's name tokens
 * (exactly, by sound or within the allowed edits), and a date of birth, when given, must be theirs.
 */
export function searchChildren(index: ChildSearchIndex, criteria: SearchCriteria, mayRead: (childId: string) => boolean): SearchHit[] {
  if ('nhsNumber' in criteria || 'upn' in criteria) {
    const [key, matchedBy] = 'nhsNumber' in criteria ? [`nhs:${normaliseNhsNumber(criteria.nhsNumber)}`, 'nhs_number' as const] : [`upn:${normaliseUpn(criteria.upn)}`, 'upn' as const];
    const hits: SearchHit[] = [];
    for (const childId of index.lookups.get(key) ?? []) {
      const child = index.children.get(childId);
      if (child && mayRead(childId)) hits.push(hitOf(child, matchedBy, 0));
    }
    return hits.sort(byRank);
  }
  const typed = queryTokens(criteria.name).map((token) => ({ token, keys: soundKeys(token) }));
  if (typed.length === 0) return [];
  // The candidates of the most selective typed word are checked in full; the others must match too.
  let candidates: Set<string> | null = null;
  if (criteria.dateOfBirth) candidates = new Set(index.lookups.get(`dob:${criteria.dateOfBirth}`) ?? []);
  else {
    for (const { token, keys } of typed) {
      const found = new Set<string>();
      const add = (key: string) => {
        for (const id of index.lookups.get(key) ?? []) found.add(id);
      };
      add(`t:${token}`);
      for (const key of keys) add(`s:${key}`);
      add(`d:${token}`);
      for (const variant of deletionVariants(token)) {
        add(`t:${variant}`);
        add(`d:${variant}`);
      }
      if (!candidates || found.size < candidates.size) candidates = found;
    }
  }
  const hits: SearchHit[] = [];
  for (const childId of candidates ?? []) {
    const child = index.children.get(childId);
    if (!child) continue;
    let score = criteria.dateOfBirth ? 3 : 0;
    let all = true;
    for (const word of typed) {
      let best = 0;
      for (const name of child.tokens) {
        const match = matchToken(word.token, name.token, word.keys, name.keys);
        if (match && matchWeight[match] > best) best = matchWeight[match];
        if (best === 3) break;
      }
      if (best === 0) {
        all = false;
        break;
      }
      score += best;
    }
    if (all && mayRead(childId)) hits.push(hitOf(child, 'name', score));
  }
  return hits.sort(byRank);
}
