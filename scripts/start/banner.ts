import type { Caller } from '@planledger/domain';
import type { JourneyResult } from '@planledger/demo';

export interface BannerInput {
  webUrl: string;
  recordUrl: string;
  queryUrl: string;
  dataDir: string;
  events: number;
  tokens: ReadonlyArray<{ caller: Caller; token: string }>;
  showcase: JourneyResult | null;
  tokenLifetime: string;
}

/** The example query: a real plan with its completeness and coverage, and its child's coverage. */
export function exampleQuery(showcase: JourneyResult | null): string {
  const planId = showcase?.familyHelpPlanId ?? '<a Family Help plan id>';
  const childId = showcase?.childId ?? '<a child id>';
  return `{ familyHelpPlan(id: "${planId}") { planType status completeness { score rules { id satisfied explanation } } coverage { allThree missing } } child(id: "${childId}") { primaryNeed team { organisationId agency } coverage { allThree missing } } }`;
}

/** What a new user needs on one screen: where things are, a token per role, one query to paste. */
export function banner({ webUrl, recordUrl, queryUrl, dataDir, events, tokens, showcase, tokenLifetime }: BannerInput): string {
  const socialWorker = tokens.find((t) => t.caller.role === 'social_worker');
  const query = exampleQuery(showcase);
  const lines = [
    '',
    `  Open ${webUrl} in a browser and choose a person to sign in as.`,
    '',
    `planledger is running on the embedded SQLite store (${dataDir}, ${events} events).`,
    '',
    `  Record API   ${recordUrl}        API docs (OpenAPI): ${recordUrl}/docs`,
    `  Query API    ${queryUrl}/graphql  (open it in a browser for GraphiQL)`,
    '',
    `Tokens, one per role (valid ${tokenLifetime}; mint more with: npx -y pnpm@10.34.9 -s token --all).`,
    'In GraphiQL, open Headers and paste {"Authorization": "Bearer <token>"}.',
    '',
  ];
  for (const { caller, token } of tokens) {
    lines.push(`  ${caller.role} (${caller.userId}, ${caller.organisationId}, ${caller.agency})`, `    ${token}`, '');
  }
  lines.push(showcase ? 'Example query, about a demo child whose team includes every organisation above:' : 'Example query (no demo data loaded: put in a real id):', '', `  ${query}`, '');
  if (socialWorker) {
    lines.push(
      'Or with curl:',
      '',
      `  TOKEN=${socialWorker.token}`,
      `  curl -s ${queryUrl}/graphql -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" \\`,
      `    -d '${JSON.stringify({ query })}'`,
      '',
    );
  }
  lines.push('Press Ctrl-C to stop.', '');
  return lines.join('\n');
}
