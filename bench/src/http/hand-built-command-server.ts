/**
 * The second baseline for the command API: the least a service must do to take one command safely,
 * written by hand on node:http. Per request it verifies the bearer JWT (ES256, issuer, audience,
 * expiry; no cache, so every request pays for a signature check), parses and validates the body with
 * zod, and makes one durable insert (better-sqlite3, WAL, synchronous=FULL, one transaction per
 * request). No access rules, no decider, no stream history, no hash chain, no idempotency, no logging.
 *
 *   HOST=127.0.0.1 PORT=3998 DATA_DIR=<folder with keys/> STORE_FILE=/tmp/x.db node --import tsx bench/src/http/hand-built-command-server.ts
 */
import { randomUUID } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { LOCAL_ALGORITHM, LOCAL_AUDIENCE, LOCAL_ISSUER, loadLocalSigningKey } from '@planledger/identity';

const dataDir = process.env.DATA_DIR;
const storeFile = process.env.STORE_FILE;
if (!dataDir || !storeFile) throw new Error('DATA_DIR and STORE_FILE are required');
const keys = createLocalJWKSet({ keys: [(await loadLocalSigningKey(dataDir)).publicJwk] });

const db = new Database(storeFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS events (global_position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, user_id TEXT NOT NULL, data TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO events (event_id, stream_id, user_id, data) VALUES (?, ?, ?, ?)');

const needBody = z.strictObject({ description: z.string().trim().min(1).max(2000), agency: z.enum(['social_care', 'health', 'education']).optional() });
const route = /^\/v1\/family-help-plans\/([0-9a-f-]{36})\/needs$/;
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

const answer = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return answer(res, 200, { status: 'live' });
  const planId = req.method === 'POST' ? route.exec(req.url ?? '')?.[1] : undefined;
  if (!planId) return answer(res, 404, { error: 'no such route' });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void (async () => {
      const token = BEARER.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return answer(res, 401, { error: 'a bearer token is required' });
      let userId: string;
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [LOCAL_ALGORITHM], requiredClaims: ['sub', 'exp'] });
        userId = payload.sub!;
      } catch {
        return answer(res, 401, { error: 'invalid token' });
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(res, 400, { error: 'the body is not JSON' });
      }
      const body = needBody.safeParse(json);
      if (!body.success) return answer(res, 400, { error: body.error.issues.map((i) => i.path.join('.')) });
      const eventId = randomUUID();
      insert.run(eventId, `family-help-plan-${planId}`, userId, JSON.stringify(body.data));
      answer(res, 201, { eventId });
    })().catch((error: unknown) => answer(res, 500, { error: (error as Error).message }));
  });
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
server.listen(Number(process.env.PORT ?? 3998), process.env.HOST ?? '127.0.0.1');
