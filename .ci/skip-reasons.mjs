// The only reasons a test may be skipped in a run of .ci/run; any other skip fails the run.
// A test that skips itself names its reason in its own or its suite's title as "(skipped: <reason>)",
// after detecting the condition (see the README's test section). The reason must begin with one of
// these. `inCI: false` means CI must provide the thing, so the reason is refused when CI=true.
export const declaredSkipReasons = [
  { reason: 'no Docker engine', inCI: true },
  { reason: 'no strace', inCI: false },
];
