/**
 * `--resume` after a real Ctrl-C: the CLI is started as a process, sent SIGINT once its first run is
 * in results.json, then resumed; the finished study must equal one trained without interruption,
 * except for what measures time or the machine (wall times, step_ms, load, dates).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudyResults } from '../../src/compare/results-file.js';
import { runMlpc } from '../helpers/run-process.js';

const study = ['compare', 'test/compare/fixtures/tiny_plain.yaml', 'test/compare/fixtures/tiny_l2_dropout.yaml'];
const flags = ['--seeds', '2', '--steps', '20', '--backend', 'wasm', '--jobs', '1'];

function runsIn(out: string): number {
  try {
    return (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as StudyResults).runs.length;
  } catch {
    return 0; // not written yet
  }
}

/** Starts the study and sends SIGINT once `runs` runs are in results.json; resolves with the exit code. */
function interruptAfter(out: string, runs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/mlpc.js', ...study, ...flags, '--out', out], { stdio: 'ignore' });
    const poll = setInterval(() => {
      if (runsIn(out) >= runs) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}

/** What must not differ between two runs of the same study on one machine. */
function comparable(results: StudyResults): unknown {
  return {
    ...results,
    environment: undefined,
    elapsedMs: undefined,
    resumed: undefined,
    runs: results.runs.map((run) => ({ ...run, wallMs: undefined, records: run.records.map((r) => ({ ...r, step_ms: undefined })) })),
  };
}

describe('--resume after SIGINT', () => {
  it('finishes with the same results.json as an uninterrupted study', { timeout: 600_000 }, async () => {
    const whole = await mkdtemp(join(tmpdir(), 'mlpc-sigint-whole-'));
    const parts = await mkdtemp(join(tmpdir(), 'mlpc-sigint-parts-'));
    const [uninterrupted, interrupted] = await Promise.all([runMlpc([...study, ...flags, '--out', whole]), interruptAfter(parts, 1)]);
    expect(uninterrupted.status, uninterrupted.stderr).toBe(0);
    expect(interrupted).toBe(130);
    const partial = JSON.parse(readFileSync(join(parts, 'results.json'), 'utf8')) as StudyResults;
    expect(partial.interrupted).toBe(true);
    expect(partial.runs.length).toBeGreaterThanOrEqual(1);
    expect(partial.runs.length).toBeLessThan(4);
    expect(existsSync(join(parts, 'report.md'))).toBe(true);

    const resumed = await runMlpc(['compare', '--resume', parts, '--jobs', '1']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`resuming ${join(parts, 'results.json')}: ${partial.runs.length} of 4 runs finished`);
    const finished = JSON.parse(readFileSync(join(parts, 'results.json'), 'utf8')) as StudyResults;
    const reference = JSON.parse(readFileSync(join(whole, 'results.json'), 'utf8')) as StudyResults;
    expect(finished.resumed).toBe(1);
    expect(finished.runs).toHaveLength(4);
    expect(comparable(finished)).toEqual(comparable(reference));
  });
});
