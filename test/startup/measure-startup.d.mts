export interface StartupCommand { label: string; args: string[]; env?: Record<string, string> }
export interface StartupRow { label: string; median: number; min: number; beyond: number }
export function processCpuMs(args: string[], options?: { cwd?: string; env?: Record<string, string> }): { ms: number; status: number | null };
export function median(values: number[]): number;
/** Rows for `node -e ''` first, then each command; `beyond` = its median minus the empty node's. */
export function measure(commands: StartupCommand[], runs?: number, options?: { cwd?: string; env?: Record<string, string> }): StartupRow[];
