/**
 * The IR of each shipped spec, compared with test/ir/golden/<name>.json.
 * After an intended change: MLPC_UPDATE_GOLDEN=1 npx vitest run test/ir/golden.test.ts, then review the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpecFile } from '../../src/compiler/ir/compile.js';

const SHIPPED = ['seed', 'seed_corrected', 'dropout_maxnorm', 'conv_bn', 'adamw', 'shakespeare_char', 'sparse_autoencoder'];
const update = process.env.MLPC_UPDATE_GOLDEN === '1';

describe('golden IR of the shipped specs', () => {
  it.each(SHIPPED)('specs/%s.yaml', async (name) => {
    const result = await compileSpecFile(`specs/${name}.yaml`);
    expect(result.diagnostics).toEqual([]);
    const actual = `${JSON.stringify(result.ir, null, 2)}\n`;
    const goldenFile = new URL(`./golden/${name}.json`, import.meta.url);
    if (update) writeFileSync(goldenFile, actual);
    expect(existsSync(goldenFile), `missing ${goldenFile.pathname}: run with MLPC_UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toBe(readFileSync(goldenFile, 'utf8'));
  });

  it('the seed is the motivating network as written', async () => {
    const { ir } = await compileSpecFile('specs/seed.yaml');
    if (!ir) throw new Error('seed does not compile');
    expect(ir.layers.map((layer) => [layer.name, layer.type, layer.outputShape])).toEqual([
      ['hidden', 'dense', [1024]],
      ['dropout_1', 'dropout', [1024]],
      ['out', 'dense', [10]],
    ]);
    expect(ir.parameters.map((p) => [p.id, p.init.type, p.init.args.stddev, p.regularizers.map((r) => `${r.kind} ${r.lambda}`)])).toEqual([
      ['hidden.kernel', 'truncated_normal', 1, ['l2 0.0005']],
      ['hidden.bias', 'zeros', undefined, ['l2 0.0005']],
      ['out.kernel', 'truncated_normal', 1, ['l2 0.0005']],
      ['out.bias', 'zeros', undefined, ['l2 0.0005']],
    ]);
    expect(ir.training).toMatchObject({ loss: 'softmax_cross_entropy', optimizer: { type: 'sgd', learningRate: { kind: 'constant', value: 0.5 } }, batchSize: 128, steps: 3001, evalEvery: 500, seed: 1 });
    expect(ir.data).toMatchObject({ source: 'mnist', train: 500, validation: 1000, test: 1000 });
    expect(ir.totals).toEqual({ trainable: 784 * 1024 + 1024 + 10240 + 10, nonTrainable: 0, penalized: 784 * 1024 + 1024 + 10240 + 10 });
  });

  it('the corrected seed keeps the training setup and drops the bias penalty', async () => {
    const seed = (await compileSpecFile('specs/seed.yaml')).ir;
    const corrected = (await compileSpecFile('specs/seed_corrected.yaml')).ir;
    if (!seed || !corrected) throw new Error('shipped specs do not compile');
    const { ref: _seedRef, optimizer: seedOptimizer, ...seedTraining } = seed.training;
    const { ref: _correctedRef, optimizer: correctedOptimizer, ...correctedTraining } = corrected.training;
    expect(correctedTraining).toEqual(seedTraining);
    expect({ ...correctedOptimizer, ref: undefined }).toEqual({ ...seedOptimizer, ref: undefined });
    expect({ ...corrected.data, ref: undefined }).toEqual({ ...seed.data, ref: undefined });
    expect(corrected.parameters.filter((p) => p.param === 'bias').every((p) => p.regularizers.length === 0)).toBe(true);
    expect(corrected.parameters.filter((p) => p.param === 'kernel').every((p) => p.constraints.some((c) => c.kind === 'max_norm'))).toBe(true);
    expect(corrected.parameters[0]?.init).toMatchObject({ type: 'he_normal', effectiveStddev: Math.sqrt(2 / 784) });
  });
});
