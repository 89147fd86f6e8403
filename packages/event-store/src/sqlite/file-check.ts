import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { EventStoreError, EventStoreErrorCodes } from '../errors';
import { storeOpenError } from './store-file';

/** The lines of `PRAGMA quick_check`'s answer that are not "ok": the damage it found, or none. */
export function problemsIn(lines: readonly string[]): string[] {
  return lines.filter((line) => line !== 'ok');
}

/** `PRAGMA quick_check` on an open connection: the damage it found, or none. */
export function quickCheckProblems(db: Database.Database): string[] {
  return problemsIn((db.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check));
}

/** The refusal for a file `quick_check` found damaged, naming the first problem and how many more. */
export function damagedFileError(path: string, problems: readonly string[]): EventStoreError {
  return new EventStoreError(
    EventStoreErrorCodes.STORE_CORRUPT,
    `the store file ${path} is damaged (quick_check: ${problems[0]!.slice(0, 120)}${problems.length > 1 ? ` and ${problems.length - 1} more` : ''})`,
  );
}

const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Run by a Node process of its own (`node -e`): opens the file read-only, runs `quick_check`, and writes
 * one line of JSON: the check's lines as SQLite gave them (the parent picks out the problems) or the
 * error that stopped it. CommonJS, so it needs no loader.
 */
const CHECK_PROGRAM = `
const Database = require(process.argv[1]);
let answer;
try {
  const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
  try {
    answer = { lines: db.pragma('quick_check').map((r) => r.quick_check) };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { error: { code: error && error.code, message: String(error && error.message) } };
}
process.stdout.write(JSON.stringify(answer) + '\\n');
`;

interface CheckAnswer {
  lines?: string[];
  error?: { code?: string; message: string };
}

function parseAnswer(out: string): CheckAnswer | null {
  try {
    return JSON.parse(out) as CheckAnswer;
  } catch {
    return null;
  }
}

export interface FileCheck {
  /** Resolves once the file passed; rejects with the refusal (ES_ERR_STORE_CORRUPT for damage). Never settles once stopped. */
  readonly done: Promise<void>;
  /** Ends the check where it stands (the store is closing); resolves once its process is gone. */
  stop(): Promise<void>;
}

/**
 * Checks a store file (`PRAGMA quick_check`, every page read) in a separate process, so a service can
 * fold the log on its own thread meanwhile: at 10 GB the check alone takes minutes. A process, not a
 * worker thread: a worker inside SQLite's native check cannot be stopped until the check returns, and
 * a closing service must not wait minutes for it. The child gets no environment (it needs none, and
 * the parent's holds keys) and holds only a read-only connection.
 */
export function checkFileInBackground(path: string): FileCheck {
  let stopped = false;
  let exited = false;
  const child = spawn(process.execPath, ['-e', CHECK_PROGRAM, driver, path], { env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
  // Neither the check nor its pipes keep a process alive that is otherwise done (a service's server does).
  child.unref();
  for (const pipe of [child.stdout, child.stderr]) (pipe as { unref?: () => void }).unref?.();
  // A process that could not start emits 'error' and may never emit 'close'.
  const gone = new Promise<void>((resolve) => {
    const end = () => ((exited = true), resolve());
    child.once('close', end);
    child.once('error', end);
  });
  const done = new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', (error) => {
      if (!stopped) reject(storeOpenError(path, new Error(`the file check could not start: ${error.message}`)));
    });
    child.on('close', (exitCode, signal) => {
      if (stopped) return;
      const answer = parseAnswer(out);
      if (Array.isArray(answer?.lines)) {
        const problems = problemsIn(answer.lines);
        if (problems.length === 0) resolve();
        else reject(damagedFileError(path, problems));
      } else if (answer?.error) {
        reject(storeOpenError(path, Object.assign(new Error(answer.error.message), { code: answer.error.code })));
      } else {
        const why = signal ? `signal ${signal}` : `exit ${exitCode}`;
        reject(storeOpenError(path, new Error(`the file check stopped (${why})${err ? `: ${err.trim().split('\n')[0]!.slice(0, 200)}` : ''}`)));
      }
    });
  });
  // A rejection nobody awaits yet must not end the process before its owner hears of it.
  done.catch(() => {});
  return {
    done,
    async stop() {
      if (!stopped) {
        stopped = true;
        if (!exited) child.kill('SIGKILL');
      }
      await gone;
    },
  };
}
