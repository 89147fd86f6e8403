import { getContainerRuntimeClient } from 'testcontainers';

/**
 * The server image the container suites start unless PLANLEDGER_ESDB_TEST_IMAGE names another; the
 * same exact tag as infra/docker-compose.yml.
 */
export const ESDB_TEST_IMAGE = 'eventstore/eventstore:24.10.4-jammy';

export type ContainerRuntimeStatus = { available: true; runtime: string } | { available: false; reason: string };

export interface DetectContainerRuntimeOptions {
  /** Gives up after this long; a socket that never answers must not stall the test run. Default 5 s. */
  timeoutMs?: number;
  /** How to reach the engine; defaults to testcontainers' own discovery (DOCKER_HOST, sockets, config files). */
  probe?: () => Promise<string>;
}

const testcontainersProbe = async (): Promise<string> => {
  const client = await getContainerRuntimeClient();
  return `${client.info.containerRuntime.host} (${client.info.containerRuntime.serverVersion})`;
};

/**
 * Whether a container engine answers, for suites that start real servers with testcontainers and
 * must report themselves skipped, with the reason, where none does.
 */
export async function detectContainerRuntime({ timeoutMs = 5_000, probe = testcontainersProbe }: DetectContainerRuntimeOptions = {}): Promise<ContainerRuntimeStatus> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const runtime = await Promise.race([probe(), timeout]);
    return { available: true, runtime };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
