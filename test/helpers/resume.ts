/**
 * The resume check of a TypeScript script's checkpoints: an uninterrupted run of 24 steps with a
 * checkpoint every 7 (the last after step 21), its folder copied without model.json, resumed: it says
 * where it resumes, and ends with the same records (step times aside) and the same saved bytes.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { readRecords } from '../emit/helpers.js';
import type { ProcessResult } from './run-process.js';
import { savedWeightsBytes } from './saved-model.js';

export const resumeFlags = ['--steps', '24', '--eval-every', '4', '--checkpoint-every', '7'];

/** Records without their step times (the one field a resumed run cannot repeat). */
export function recordsWithoutTimes(dir: string): Record<string, unknown>[] {
  return readRecords(dir).map(({ step_ms: _, ...rest }) => rest);
}

/**
 * `run(args, env)` runs the script with resumeFlags and `args`; returns the resumed folder. The
 * uninterrupted run writes `<root>/whole`, the resumed one `<root>/resumed`.
 */
export async function expectResumedAsWhole(name: string, root: string, run: (args: string[], env?: NodeJS.ProcessEnv) => Promise<ProcessResult>): Promise<{ whole: string; resumed: string }> {
  const [whole, resumed] = [join(root, 'whole'), join(root, 'resumed')];
  const uninterrupted = await run([...resumeFlags, '--out', whole]);
  expect(uninterrupted.status, uninterrupted.stderr).toBe(0);
  const state = readFileSync(join(whole, 'checkpoint', 'state.ckpt'));
  expect(JSON.parse(state.subarray('mlpc-checkpoint 1 '.length, state.indexOf(10)).toString('utf8'))).toMatchObject({ target: 'typescript', step: 21, steps: 24 });
  cpSync(whole, resumed, { recursive: true });
  rmSync(join(resumed, 'model.json'));
  const result = await run([...resumeFlags, '--out', resumed, '--resume'], { ...process.env, MLPC_QUIET: '0' });
  expect(result.status, result.stderr).toBe(0);
  expect(result.stderr.split('\n')[0]).toBe(`${name}: resuming at step 22 from ${join(resumed, 'checkpoint', 'state.ckpt')}`);
  expect(recordsWithoutTimes(resumed)).toEqual(recordsWithoutTimes(whole));
  expect(savedWeightsBytes(resumed).equals(savedWeightsBytes(whole))).toBe(true);
  return { whole, resumed };
}
