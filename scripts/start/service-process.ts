import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { SERVICE_NODE_FLAGS } from './node-flags';

/** One service running as a child process, its output appended to a log file. */
export interface ServiceProcess {
  name: string;
  url: string;
  logFile: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Polls `<url>/health/ready` until it answers 200; rejects if the process ends first or time runs out. */
  waitUntilReady(timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves true when it stopped on its own. */
  stop(graceMs: number): Promise<boolean>;
  /** The last lines it logged, to explain a failed start. */
  logTail(lines?: number): string;
}

export interface StartServiceOptions {
  name: string;
  /** The service's main module, run with tsx. */
  entry: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  url: string;
  logFile: string;
}

export function startService({ name, entry, cwd, env, url, logFile }: StartServiceOptions): ServiceProcess {
  const log = openSync(logFile, 'a');
  // node --import tsx rather than the tsx CLI: one process per service, so signals reach it directly.
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '--import', 'tsx', entry], { cwd, env, stdio: ['ignore', log, log] });
  closeSync(log);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: 1, signal: null }));
  });
  let ended = false;
  void exited.then(() => (ended = true));

  const logTail = (lines = 15) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  return {
    name,
    url,
    logFile,
    child,
    exited,
    logTail,
    async waitUntilReady(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (ended) throw new Error(`The ${name} stopped while starting. Its last log lines (${logFile}):\n${logTail()}`);
        try {
          const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) });
          if (response.ok) return;
        } catch {
          // Not listening yet.
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`The ${name} was not ready after ${Math.round(timeoutMs / 1000)} s. Its last log lines (${logFile}):\n${logTail()}`);
    },
    async stop(graceMs) {
      if (ended) return true;
      child.kill('SIGTERM');
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
      if ((await Promise.race([exited, timer])) !== 'late') return true;
      child.kill('SIGKILL');
      await exited;
      return false;
    },
  };
}
