/**
 * The Node flags every service process starts with: `pnpm start` (scripts/start/service-process.ts),
 * the benchmarks' services (bench/src/http/service-process.ts) and the image's commands
 * (infra/Dockerfile, kept equal by node-flags.unit.spec.ts).
 *
 * `--max-semi-space-size=32` (MiB): twice Node 20's default young generation. A request builds many
 * short-lived objects (GraphQL results, rows, rendered pages); with a larger young generation they
 * die before a scavenge runs, so fewer scavenges copy what is still live. It costs at most 32 MiB
 * more memory per process. Measured in the README ("Benchmarks", the young generation).
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
