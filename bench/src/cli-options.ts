export const GROUPS = ['store-append', 'store-read', 'rebuild', 'command-api', 'graphql', 'neighbour', 'replay', 'finding', 'web'] as const;
/** `--scale` runs this group alone: it is not part of the full run (it writes and reads 10 million events). */
export type Group = (typeof GROUPS)[number] | 'scale';
export const DEFAULT_SCALE_EVENTS = 10_000_000;

export interface CliOptions {
  quick: boolean;
  compare: string | null;
  /** Groups to run; all of them unless `--only a,b` narrows it. */
  groups: readonly Group[];
  /** Folder for CPU profiles of every child process and service (`--cpu-prof <folder>`). */
  cpuProf: string | null;
  /** Events in the `--scale` record (`--scale-events N`; default 10 million). */
  scaleEvents: number;
}

export function parseCliOptions(argv: readonly string[]): CliOptions {
  let quick = false;
  let compare: string | null = null;
  let groups: readonly Group[] = GROUPS;
  let cpuProf: string | null = null;
  let scale = false;
  let scaleEvents = DEFAULT_SCALE_EVENTS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--quick') quick = true;
    else if (arg === '--compare') {
      compare = argv[++i] ?? null;
      if (!compare) throw new Error('--compare needs a results file, e.g. bench/results/runs/<run>.json');
    } else if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !(GROUPS as readonly string[]).includes(n));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma list of ${GROUPS.join(', ')}`);
      groups = names as Group[];
    } else if (arg === '--cpu-prof') {
      cpuProf = argv[++i] ?? null;
      if (!cpuProf) throw new Error('--cpu-prof needs a folder for the profiles');
    } else if (arg === '--scale') scale = true;
    else if (arg === '--scale-events') {
      scaleEvents = Number((argv[++i] ?? '').replace(/_/g, ''));
      if (!Number.isSafeInteger(scaleEvents) || scaleEvents < 1000) throw new Error('--scale-events takes a number of events, at least 1000');
      scale = true;
    } else throw new Error(`unknown option ${arg}; use --quick, --compare <file>, --only <groups>, --cpu-prof <folder>, --scale, --scale-events <n>`);
  }
  return { quick, compare, groups: scale ? ['scale'] : groups, cpuProf, scaleEvents };
}
