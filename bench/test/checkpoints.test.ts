import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { checkpointReports, formatCheckpoints, summarizeCheckpoints } from '../sections/checkpoints.mjs';

const line = (step: number, ms: number, elapsed: number) => `mlpc-checkpoint ${JSON.stringify({ step, ms, bytes: 1000, elapsed_ms: elapsed })}`;

describe('checkpoints section', () => {
  it('reads the mlpc-checkpoint lines of a run and nothing else', () => {
    const stderr = ['question: 600 steps on wasm', line(0, 30, 100), 'not a report', line(100, 10, 1100), ''].join('\n');
    expect(checkpointReports(stderr).map((report: { step: number }) => report.step)).toEqual([0, 100]);
  });

  it('takes both sides of the overhead from the same run: Σ write ms over the rest of the elapsed time', () => {
    const summary = summarizeCheckpoints(checkpointReports([line(0, 30, 100), line(100, 10, 1100), line(200, 20, 2100)].join('\n')));
    expect(summary).toMatchObject({ status: 'ok', writes: 3, steps: [0, 100, 200], medianWriteMs: 20, medianWriteMsAfterFirst: 15, bytes: 1000, totalWriteMs: 60, trainingMs: 2040 });
    expect(summary.overhead).toBeCloseTo(60 / 2040, 12);
  });

  it('is an error, not a zero overhead, when a run printed no reports', () => {
    expect(summarizeCheckpoints([])).toMatchObject({ status: 'error' });
  });

  it('prints a row per target and says whether the goal was met', () => {
    const ok = summarizeCheckpoints(checkpointReports([line(0, 30, 100), line(100, 10, 1100)].join('\n')));
    const text = formatCheckpoints({
      status: 'ok', spec: 'specs/l2-dropout/question.yaml', goal: 0.02, loadAverageStart: [1, 1, 1], loadAverageEnd: [2, 2, 2],
      typescript: ok, pytorch: { status: 'skipped', reason: 'no Python that imports torch' },
    });
    expect(text).toContain('NOT met'); // 40 / 1060 = 3.8 %
    expect(text).toContain('TypeScript (tfjs wasm)');
    expect(text).toContain('no Python that imports torch');
  });
});
