import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { checkTargets, formatTable } from '../lib/report.mjs';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { median, quantile } from '../lib/stats.mjs';

const workload = (name: string, fields: Record<string, unknown>) => ({ name, status: 'ok', ...fields });

describe('target check', () => {
  it('passes and fails each performance target at its threshold', () => {
    const targets = checkTargets({
      workloads: [
        workload('seed', { fit: { status: 'ok' }, wall: { speedupVsFit: 15.2, fractionOfPeak: 0.69 }, cpu: { speedupVsFit: 16, fractionOfPeak: 0.75 } }),
        workload('table9', { fit: { status: 'ok' }, wall: { speedupVsFit: 7.9 } }),
        workload('conv_bn', { fit: { status: 'fails' }, wall: { speedupVsFitPatched: 12 } }),
      ],
      compiler: { lint: { beyondNodeMs: 49, complete: true } },
      trainRun: { tensorGrowth: { fromStep: 0, toStep: 1000, before: 20, after: 20, growth: 0 } },
    });
    const met = Object.fromEntries(targets.map((t: { name: string; met: boolean }) => [t.name, t.met]));
    expect(met).toEqual({
      'seed vs tf.layers fit': true,
      'seed fraction of peak matMul': false,
      'table9 vs tf.layers fit': false,
      'conv_bn vs tf.layers fit': true,
      'mlpc lint specs, CPU beyond node start-up': true,
      'tensor growth, steps 0→1000': true,
    });
  });

  it('does not count a lint run that failed as fast', () => {
    const [lint] = checkTargets({ compiler: { lint: { beyondNodeMs: 5, complete: false, exitCode: 70, stderrTail: 'x' } } });
    expect(lint.met).toBe(false);
  });

  it('needs 1,000 steps between the tensor counts', () => {
    const [growth] = checkTargets({ trainRun: { tensorGrowth: { fromStep: 0, toStep: 500, before: 20, after: 20, growth: 0 } } });
    expect(growth.met).toBe(false);
  });
});

describe('stats and table', () => {
  it('interpolates quantiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it('aligns columns', () => {
    expect(formatTable(['a', 'bb'], [['xyz', 1]]).split('\n')).toEqual(['a    bb', '---  --', 'xyz   1']);
  });
});
