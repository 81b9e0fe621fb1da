/** The target-neutral plan and its tfjs lowering: the decisions printers print, checked against the specs that ask for them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planModel } from '../../src/compiler/emit/plan/plan-model.js';
import { lowerForTfjs } from '../../src/compiler/emit/tfjs/lower.js';
import { compileFixture, compileText } from './helpers.js';

const compileSpec = (file: string) => compileText(file, readFileSync(file, 'utf8'));
const tfjsPlan = (ir: Parameters<typeof planModel>[0]) => lowerForTfjs(planModel(ir));

describe('planModel', () => {
  it('names every penalty with its parameter, coefficient and spec line, and folds L2 into plain SGD', () => {
    const plan = tfjsPlan(compileSpec('specs/seed.yaml'));
    expect(plan.penalties.map(({ id, kind, parameter, coefficient, line }) => [id, kind, parameter, coefficient, line.line])).toEqual([
      ['l2_hidden_kernel', 'l2', 'hidden.kernel', 0.0005, 31],
      ['l2_hidden_bias', 'l2', 'hidden.bias', 0.0005, 32],
      ['l2_out_kernel', 'l2', 'out.kernel', 0.0005, 31],
      ['l2_out_bias', 'l2', 'out.bias', 0.0005, 32],
    ]);
    expect(plan.update.slots).toBe('none');
    expect(plan.update.parameters[0]).toEqual({
      parameter: 'hidden.kernel',
      addedGradients: [],
      foldedL2: { penalties: ['l2_hidden_kernel'], coefficient: 0.0005 },
      stepGradients: [],
      weightDecay: null,
    });
    expect(plan.parameters[0]).toMatchObject({
      storage: 'units_major',
      shape: [784, 1024],
      storedShape: [1024, 784],
      init: { type: 'truncated_normal', mean: 0, stddev: 1 },
      seedStream: 100,
      initLine: { file: 'specs/seed.yaml', line: 21 },
    });
    expect(plan.layers.map((layer) => [layer.name, layer.backward])).toEqual([
      ['hidden', 'parameters_only'],
      ['dropout_1', 'full'],
      ['out', 'full'],
    ]);
    expect(plan.workers.splittable).toBe(true);
    expect(plan.data).toMatchObject({ source: 'mnist', train: 500, validation: 1000, test: 1000, seed: 1 });
  });

  it('does not fold with momentum or L1: the penalty gradients go to the optimizer', () => {
    const plan = tfjsPlan(compileFixture('workers_sgd.yaml'));
    const hidden = plan.update.parameters.filter((update) => update.parameter.startsWith('hidden.'));
    expect(hidden.map((update) => [update.parameter, update.addedGradients, update.foldedL2])).toEqual([
      ['hidden.kernel', ['l2_hidden_kernel'], null],
      ['hidden.bias', ['l1_hidden_bias'], null],
    ]);
    expect(plan.update.slots).toBe('momentum');
    expect(plan.constraints).toEqual([
      { kind: 'max_norm', maxValue: 0.8, parameter: 'hidden.kernel', axes: { keras: [0] }, storedAxes: [1], line: { file: 'test/emit/fixtures/workers_sgd.yaml', line: 17 }, origin: 'rule' },
    ]);
  });

  it('decays only the parameters AdamW does not exclude', () => {
    const plan = planModel(compileFixture('adamw_step.yaml'));
    expect(plan.update.parameters.map((update) => [update.parameter, update.weightDecay?.rate ?? null])).toEqual([
      ['hidden.kernel', 0.1],
      ['hidden.bias', null],
      ['out.kernel', 0.1],
      ['out.bias', null],
    ]);
  });

  it('gives conv kernels their per-filter axes and says why a conv net cannot use --workers', () => {
    const plan = tfjsPlan(compileSpec('specs/conv_bn.yaml'));
    const conv = plan.parameters.find((parameter) => parameter.id === 'conv1.kernel')!;
    expect(conv.storage).toBe('keras');
    expect(plan.workers).toEqual({ splittable: false, reason: "layer 'conv1' is conv2d; only dense, dropout, activation and flatten layers can be split" });
    const bn = plan.layers.find((layer) => layer.type === 'batch_norm');
    expect(bn).toMatchObject({ movingStatistics: { mean: expect.stringMatching(/\.moving_mean$/) } });
  });

  it('resolves idx and csv paths against the spec file, keeping absolute ones', () => {
    const csv = compileText('studies/q3/spec.yaml', readFileSync('test/emit/fixtures/binary_csv.yaml', 'utf8').replace(/path: [^,]+,/, 'path: ../data/binary.csv,'));
    expect(planModel(csv).data).toMatchObject({ source: 'csv', path: { written: '../data/binary.csv', resolved: 'studies/data/binary.csv', absolute: false } });
    const idx = planModel(compileFixture('fashion_idx.yaml')).data;
    expect(idx).toMatchObject({ source: 'idx', trainImages: { resolved: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', absolute: true } });
  });

  it('is plain data: JSON round-trips it unchanged', () => {
    const plan = planModel(compileSpec('specs/dropout_maxnorm.yaml'));
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('is neutral: no tfjs speed decision (layout, folding, backward, mask seeds, workers) in the plan itself', () => {
    const plan = planModel(compileSpec('specs/seed.yaml'));
    const text = JSON.stringify(plan);
    for (const key of ['storage', 'storedShape', 'stored', 'foldedL2', 'addedGradients', 'stepGradients', 'backward', 'seedOffset', 'workers']) {
      expect(text).not.toContain(`"${key}"`);
    }
    expect(tfjsPlan(compileSpec('specs/seed.yaml')).workers).toEqual({ splittable: true });
  });

  it('builds the saved Keras topology from the layers, as the runtime does', () => {
    const plan = planModel(compileSpec('specs/seed.yaml'));
    expect(plan.topology).toMatchObject({
      class_name: 'Sequential',
      config: {
        name: 'seed',
        layers: [
          { class_name: 'Dense', config: { name: 'hidden', batch_input_shape: [null, 784], units: 1024, activation: 'relu', use_bias: true } },
          { class_name: 'Dropout', config: { name: 'dropout_1', rate: 0.5 } },
          { class_name: 'Dense', config: { name: 'out', units: 10, activation: 'linear' } },
        ],
      },
    });
  });
});
