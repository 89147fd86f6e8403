/**
 * The Node flags a service process starts with on Node `major`: `pnpm start`
 * (scripts/start/service-process.ts), the benchmarks' services (bench/src/http/service-process.ts)
 * and the image's commands (infra/Dockerfile, kept equal by node-flags.unit.spec.ts).
 *
 * A young generation of at least 32 MiB a semi-space. A request makes many objects that die with it
 * (GraphQL results, rows, a rendered page); with more room they are gone before a scavenge runs, so
 * fewer scavenges copy what is still alive. Node 20 and 22 keep 16 MiB a semi-space by default, so
 * they get `--max-semi-space-size=32` (at most 32 MiB more per process); Node 24 already grows it to
 * 64 MiB, and the flag would halve that, so it gets none. Measured in the README ("Benchmarks").
 */
export function serviceNodeFlags(major: number = Number(process.versions.node.split('.')[0])): readonly string[] {
  return major < 24 ? ['--max-semi-space-size=32'] : [];
}

/** The flags for the Node running this process. */
export const SERVICE_NODE_FLAGS: readonly string[] = serviceNodeFlags();
