import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: children run from it so `--import tsx` and the workspace packages resolve. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const benchScript = (relative: string): string => join(REPO_ROOT, 'bench', 'src', relative);

let profileFolder: string | null = null;

/** With `--cpu-prof <folder>`, every child process and service writes a CPU profile there when it exits. */
export function profileChildrenInto(folder: string): void {
  profileFolder = folder;
}

/** Node with tsx, as `pnpm start` runs services; extra node flags (e.g. --cpu-prof) go first. */
export function tsxArgs(script: string, args: readonly string[] = [], nodeFlags: readonly string[] = []): string[] {
  const profile = profileFolder ? ['--cpu-prof', `--cpu-prof-dir=${profileFolder}`] : [];
  return [...profile, ...nodeFlags, '--import', 'tsx', script, ...args];
}

/**
 * Runs a TypeScript script in its own Node process and returns the JSON it prints as its last stdout
 * line. Its stderr passes through (progress). Bounded by `timeoutMs`.
 */
export function runJsonChild<T>(script: string, args: readonly string[], { timeoutMs, env = {}, nodeFlags = [] }: { timeoutMs: number; env?: Record<string, string>; nodeFlags?: readonly string[] }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, tsxArgs(script, args, nodeFlags), { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${signal ?? code}: ${last.slice(0, 300)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 300)}`));
      }
    });
  });
}
