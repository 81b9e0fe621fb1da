import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileSpecFile } from '../../src/compiler/ir/compile.js';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { buildLayersModel } from '../lib/layers-model.mjs';
// @ts-expect-error: plain ESM module of the bench, no declarations
import { mlpShape } from '../lib/mlp-shape.mjs';

async function irOf(file: string) {
  const { ir, diagnostics } = await compileSpecFile(file);
  if (!ir) throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return ir;
}

describe('the tf.layers baseline is the same network as the spec', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const file of ['specs/seed.yaml', 'bench/specs/seed_maxnorm.yaml', 'bench/specs/table9.yaml', 'specs/conv_bn.yaml']) {
    it(`${file}: same parameter count, penalties and constraints`, async () => {
      const ir = await irOf(file);
      const model = buildLayersModel(tf, ir);
      expect(model.countParams()).toBe(ir.totals.trainable + ir.totals.nonTrainable);
      for (const parameter of ir.parameters.filter((p) => p.param === 'kernel')) {
        const layer = model.getLayer(parameter.layer) as unknown as { kernelRegularizer?: unknown; kernelConstraint?: unknown };
        expect(Boolean(layer.kernelRegularizer), `${parameter.id} regularizer`).toBe(parameter.regularizers.length > 0);
        expect(Boolean(layer.kernelConstraint), `${parameter.id} constraint`).toBe(parameter.constraints.length > 0);
      }
      tf.dispose(model.getWeights());
    });
  }

  it('gives PyTorch the seed as sizes, dropout before each dense layer, λ and learning rate', async () => {
    expect(mlpShape(await irOf('specs/seed.yaml'))).toEqual({
      sizes: [784, 1024, 10], dropout: [0, 0.5], batch: 128, learningRate: 0.5, l2: 0.0005, maxNorm: 0,
    });
    expect(mlpShape(await irOf('bench/specs/table9.yaml')).dropout).toEqual([0.2, 0.5, 0.5, 0.5]);
    expect(mlpShape(await irOf('specs/conv_bn.yaml'))).toBeUndefined();
  });
});
