import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository root: services run from here, as `pnpm start` runs them. */
export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export type ServiceName = 'record-api' | 'query-api';

export interface ServiceOptions {
  dataDir: string;
  storeFile: string;
  /** Extra environment (LOG_LEVEL, NODE_ENV, PLANLEDGER_RATE_LIMIT_PER_MINUTE, ...). */
  env?: Record<string, string>;
}

export interface ServiceProcess {
  name: ServiceName;
  pid: number;
  url: string;
  /** Every line the process wrote to stdout (its JSON log) and stderr, in order. */
  lines: string[];
  /** Resolves when the process has exited, with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: no shutdown hook runs, nothing is flushed, as when the machine loses power. */
  kill(): Promise<void>;
  /** SIGTERM and wait: the graceful path. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const mains: Record<ServiceName, string> = {
  'record-api': join(repoRoot, 'services', 'record-api', 'src', 'main.ts'),
  'query-api': join(repoRoot, 'services', 'query-api', 'src', 'main.ts'),
};

const START_TIMEOUT_MS = 60_000;

/**
 * Starts a service as its own process (node with the tsx loader, not the tsx CLI, so that the pid we
 * signal is the process that holds the store) on 127.0.0.1, and waits until /health/ready answers 200.
 */
export async function startService(name: ServiceName, { dataDir, storeFile, env = {} }: ServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', mains[name]], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PLANLEDGER_RATE_LIMIT_PER_MINUTE: '0', PLANLEDGER_IP_RATE_LIMIT_PER_MINUTE: '0',
      PLANLEDGER_STORE_CREATE: '1',
      PLANLEDGER_READS_PER_MINUTE: '0',
      ...env,
      PLANLEDGER_DATA_DIR: dataDir,
      PLANLEDGER_STORE: `sqlite:${storeFile}`,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter((line) => line !== ''));
    });
    stream?.on('end', () => {
      if (rest !== '') lines.push(rest);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (gone) throw new Error(`${name} exited while starting:\n${lines.join('\n')}`);
    const status = await fetch(`${url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    name,
    pid: child.pid!,
    url,
    lines,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      await exited;
    },
  };
}
