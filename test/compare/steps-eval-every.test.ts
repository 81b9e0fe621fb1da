/** `compare --steps N` scales eval_every with the budget, so the curve keeps its number of points. */
import { describe, expect, it } from 'vitest';
import { buildConditions } from '../../src/compare/build-conditions.js';
import { loadPresets } from '../../src/compare/vary.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';

// base_mlp.yaml: steps 20, eval_every 10.
const base = 'test/compare/fixtures/base_mlp.yaml';

async function evalEveryAt(steps: number): Promise<{ steps: number | undefined; evalEvery: number }> {
  const built = await buildConditions({ files: [base], tune: [], vary: [], presets: await loadPresets(), steps }, compileSpecText);
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ir = built.conditions[0].points[0].ir;
  return { steps: ir.training.steps, evalEvery: ir.training.evalEvery };
}

describe('compare --steps and eval_every', () => {
  it('scales eval_every down and up with the step budget, never below 1', async () => {
    expect(await evalEveryAt(4)).toEqual({ steps: 4, evalEvery: 2 });
    expect(await evalEveryAt(200)).toEqual({ steps: 200, evalEvery: 100 });
    expect(await evalEveryAt(1)).toEqual({ steps: 1, evalEvery: 1 });
  });
});
