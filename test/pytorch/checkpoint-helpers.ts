/**
 * Shared by the checkpoint tests of the PyTorch target: building a fixture's script, running it to a
 * kill, reading a checkpoint's header line and comparing two runs' results (weights byte for byte,
 * metrics records field by field apart from the step times).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { type KillTry, runUntilKilled as runKill } from '../helpers/kill.js';
import { runMlpc } from '../helpers/run-process.js';
import { savedWeightsBytes } from '../helpers/saved-model.js';
import { python, readMetrics } from './helpers.js';

export async function buildScript(spec: string, prefix: string): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const build = await runMlpc(['build', spec, '--target', 'pytorch', '--out', root, '--no-lint']);
  expect(build.status, build.stderr).toBe(0);
  return join(root, `${basename(spec, '.yaml')}.py`);
}

export function checkpointFile(out: string): string {
  return join(out, 'checkpoint', 'state.ckpt');
}

/** The JSON of a checkpoint's first line (which run wrote it, the step reached), or null without one. */
export function checkpointHeader(out: string): Record<string, unknown> | null {
  const file = checkpointFile(out);
  if (!existsSync(file)) return null;
  const data = readFileSync(file);
  const line = data.subarray(0, data.indexOf(10)).toString('utf8');
  expect(line.startsWith('mlpc-checkpoint 1 ')).toBe(true);
  return JSON.parse(line.slice('mlpc-checkpoint 1 '.length)) as Record<string, unknown>;
}

/** Rewrites one field of a checkpoint's header (a checkpoint "of another run"). */
export function editCheckpointHeader(out: string, field: string, value: unknown): void {
  const file = checkpointFile(out);
  const data = readFileSync(file);
  const end = data.indexOf(10);
  const header = JSON.parse(data.subarray('mlpc-checkpoint 1 '.length, end).toString('utf8')) as Record<string, unknown>;
  header[field] = value;
  writeFileSync(file, Buffer.concat([Buffer.from(`mlpc-checkpoint 1 ${JSON.stringify(header)}`), data.subarray(end)]));
}

/** `runUntilKilled` of test/helpers/kill.ts with Debian's python as the command. */
export function runUntilKilled(
  args: readonly string[],
  ready: () => boolean,
  maxDelayMs: number,
  victim?: (pid: number) => number | null,
  env?: NodeJS.ProcessEnv,
): Promise<KillTry> {
  return runKill(python, args, ready, maxDelayMs, { victim, env });
}

/** Both runs ended with the same saved weights (bytes) and the same metrics records but for step_ms. */
export function expectSameRun(expected: string, actual: string): void {
  const withoutTimes = (dir: string) => readMetrics(dir).map(({ step_ms: _, ...rest }) => rest);
  expect(withoutTimes(actual)).toEqual(withoutTimes(expected));
  expect(savedWeightsBytes(actual).equals(savedWeightsBytes(expected))).toBe(true);
  expect(readFileSync(join(actual, 'model.pt')).equals(readFileSync(join(expected, 'model.pt')))).toBe(true);
}
