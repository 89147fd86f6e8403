import type { DemoProgress } from './generate-demo-partnership';

/**
 * Reports demo-load progress on a stream: rewritten in place on a terminal, otherwise a line every
 * few seconds so logs stay short.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr, label = 'Loading demo data'): (progress: DemoProgress) => void {
  const interactive = stream.isTTY === true;
  const every = interactive ? 250 : 5_000;
  let last = -Infinity;
  return (p) => {
    const finished = p.done === p.total && p.commands >= p.totalCommands;
    if (!finished && p.elapsedMs - last < every) return;
    last = p.elapsedMs;
    const seconds = p.elapsedMs / 1000;
    const line = `${label}: recorded up to ${p.recordedOn}, ${p.commands}/${p.totalCommands} commands (${Math.floor((100 * p.commands) / Math.max(p.totalCommands, 1))}%), ${p.done}/${p.total} children complete, ${Math.round(p.commands / Math.max(seconds, 0.001))} commands/s, ${seconds.toFixed(1)} s`;
    if (interactive) stream.write(`\r${line}${finished ? '\n' : ''}`);
    else stream.write(`${line}\n`);
  };
}
