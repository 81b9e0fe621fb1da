/** `mlpc inspect` on the shipped character LSTM: the stacked layers, the parameter table with each weight's gate blocks and initializer (run `npm run build:ts` first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/mlpc.js');
const golden = new URL('./golden/inspect-shakespeare_lstm.txt', import.meta.url);

describe('mlpc inspect on an lstm', () => {
  it('prints the stacked LSTM with its gates and initializers, and matches the golden output', () => {
    const result = spawnSync('node', [bin, 'inspect', 'specs/shakespeare_lstm.yaml'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/lstm \(lstm, 2 layers\)\s+\(None, 64, 128\)\s+230,400/);
    expect(result.stdout).toContain('Total params: 242,945');
    expect(result.stdout).toMatch(/lstm\.l1\.recurrent_kernel\s+\[128, 512\]\s+65,536\s+gates i\|f\|c\|o × 128, orthogonal/);
    expect(result.stdout).toMatch(/lstm\.l0\.bias\s+\[512\]\s+512\s+gates i\|f\|c\|o × 128, zeros, f ones/);
    if (process.env.MLPC_UPDATE_GOLDEN === '1') writeFileSync(golden, result.stdout);
    expect(existsSync(golden)).toBe(true);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('shows dropout between stacked layers, and none with one layer', () => {
    const text = readFileSync('specs/shakespeare_lstm.yaml', 'utf8');
    const run = (lstm: string) => {
      const changed = text.replace('{type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.0}', lstm).replace('../data/tinyshakespeare/input.txt', resolve('data/tinyshakespeare/input.txt'));
      const file = join(mkdtempSync(join(tmpdir(), 'mlpc-inspect-lstm-')), 'lstm.yaml');
      writeFileSync(file, changed);
      return spawnSync('node', [bin, 'inspect', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    };
    const two = run('{type: lstm, name: lstm, units: 128, layers: 2, dropout: 0.25}');
    expect(two.stdout, two.stderr).toMatch(/lstm \(lstm, 2 layers\).*0\.25 between layers/);
    const one = run('{type: lstm, name: lstm, units: 128, dropout: 0.25}');
    expect(one.stdout, one.stderr).toMatch(/lstm \(lstm\).*0\.25 \(none: 1 layer\)/);
  });
});
