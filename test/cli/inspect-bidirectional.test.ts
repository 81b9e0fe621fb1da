/** `mlpc inspect` on a bidirectional lstm (test/pytorch/fixtures/lstm_bidir_xt.yaml): the layer marked bidirectional, its output 2·units wide, Keras's parameter counts with the `_reverse` tensors listed (run `npm run build:ts` first). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/mlpc.js');

describe('mlpc inspect on a bidirectional lstm', () => {
  it('shows 2·units outputs, both directions’ tensors and the counts of Keras Bidirectional(LSTM)', () => {
    const result = spawnSync('node', [bin, 'inspect', 'test/pytorch/fixtures/lstm_bidir_xt.yaml'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    // 2 · 4·12·(16 + 12 + 1) + 2 · 4·12·(24 + 12 + 1) = 2,784 + 3,552
    expect(result.stdout).toMatch(/lstm \(lstm, 2 layers, bidirectional\)\s+\(None, 16, 24\)\s+6,336/);
    expect(result.stdout).toContain('Total params: 8,632');
    expect(result.stdout).toMatch(/lstm\.l0_reverse\.kernel\s+\[16, 48\]\s+768\s+gates i\|f\|c\|o × 12, glorot_uniform/);
    expect(result.stdout).toMatch(/lstm\.l1_reverse\.kernel\s+\[24, 48\]\s+1,152/);
    expect(result.stdout).toMatch(/lstm\.l1_reverse\.bias\s+\[48\]\s+48\s+gates i\|f\|c\|o × 12, zeros, f ones/);
    expect(result.stdout).toMatch(/head\.kernel\s+\[24, 56\]/);
  });
});
