/** `mlpc inspect` on the anchor GPT: the graph, folded block instances, the parameter table with decay rules and lines (run `npm run build:ts` first). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve('bin/mlpc.js');
const golden = new URL('./golden/inspect-shakespeare_char.txt', import.meta.url);

describe('mlpc inspect on a graph model', () => {
  it('prints the GPT readably and matches the golden output', () => {
    const result = spawnSync('node', [bin, 'inspect', 'specs/shakespeare_char.yaml'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Params without position embeddings: 795,904 (0.80M');
    expect(result.stdout).toContain('Total params: 804,096');
    expect(result.stdout).toMatch(/h\.0\.res_1 \(add\) <- dropout_1, attn_drop/);
    expect(result.stdout).toMatch(/wte\.embeddings\s+\[65, 128\]\s+8,320\s+decay 0\.1 \(weight_decay, line \d+\); aliases: lm_head\.kernel/);
    expect(result.stdout).toMatch(/h\.0\.ln_1\.gamma\s+\[128\]\s+128\s+no decay \(exclude \{ndim: "< 2"\}, line \d+\)/);
    if (process.env.MLPC_UPDATE_GOLDEN === '1') writeFileSync(golden, result.stdout);
    expect(existsSync(golden)).toBe(true);
    expect(result.stdout).toBe(readFileSync(golden, 'utf8'));
  });
});
