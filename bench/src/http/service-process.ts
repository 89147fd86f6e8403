import { spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '../../../scripts/start/node-flags';
import { REPO_ROOT, tsxArgs } from '../child/run-child';

export interface ServiceProcess {
  readonly url: string;
  readonly pid: number;
  /** The end of what it wrote to stderr, and whether it has exited: for error messages. */
  describe(): string;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts a service (a TypeScript entry point) in its own process on 127.0.0.1:<port>, so a load
 * generator in this process never shares its event loop, and waits until `readyPath` answers 2xx.
 * It starts with the flags `pnpm start` gives every service (`SERVICE_NODE_FLAGS`), then `nodeFlags`.
 * Its output is dropped (its own logs would otherwise interleave with the progress lines) unless it
 * fails to start, when the tail of its stderr is in the error.
 */
export async function startService(
  script: string,
  { port, env, readyPath, startTimeoutMs = 60_000, nodeFlags = [] }: { port: number; env: Record<string, string>; readyPath: string; startTimeoutMs?: number; nodeFlags?: readonly string[] },
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, tsxArgs(script, [], [...SERVICE_NODE_FLAGS, ...nodeFlags]), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`${script} exited during start-up: ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer ${readyPath} within ${startTimeoutMs} ms`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid ?? -1,
    describe: () => `${script} ${exited ? 'has exited' : 'is running'}${stderr.trim() ? `; stderr: ${stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
