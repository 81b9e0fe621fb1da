/** mlpc's exit codes, in one place (spec-v1 "CLI"). */
export const ExitCode = {
  ok: 0,
  /** Lint errors, too many warnings, stale generated files, a failed training run. */
  findings: 1,
  /** Invalid input or usage: nothing was written. */
  invalidInput: 2,
  /** A bug in mlpc itself (EX_SOFTWARE). */
  internalError: 70,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
