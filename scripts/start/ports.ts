import { createServer } from 'node:net';

/** Resolves when nothing listens on host:port, rejects with a plain message when something does. */
export function assertPortFree(port: number, host: string, what: string, setting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'is already in use' : error.code === 'EACCES' ? 'needs privileges this user lacks' : `cannot be used (${error.code})`;
      reject(new Error(`Port ${port} for the ${what} ${reason}. Stop whatever uses it, or choose another port with ${setting}.`));
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function parsePort(value: string | undefined, fallback: number, setting: string): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${setting} must be a port number (1-65535), got ${JSON.stringify(value)}`);
  return port;
}
