/** Schedules, the momentum ramp and Adadelta in the IR: both spellings, epochs as updates, Keras's defaults, inspect's line. */
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/compiler/ir/summary-table.js';
import { errorsOf, lower } from './helpers.js';

const out = '{type: dense, units: 10}';
// mnist train 100, batch 32: an epoch is ceil(100 / 32) = 4 updates.
const training = ['  batch_size: 32', '  steps: 40'];

describe('schedules in the IR', () => {
  it('{type: ...} and the older {schedule: ...} lower to the same schedule', () => {
    const typed = lower({ layers: [out], optimizer: '{type: sgd, learning_rate: {type: inverse_time_decay, initial: 0.1, decay_rate: 0.001}}' });
    const older = lower({ layers: [out], optimizer: '{type: sgd, learning_rate: {schedule: inverse_time_decay, initial: 0.1, decay_rate: 0.001}}' });
    expect(typed.training.optimizer.learningRate).toEqual({ kind: 'inverse_time_decay', initial: 0.1, decaySteps: 1, decayRate: 0.001, staircase: false });
    expect(older.training.optimizer.learningRate).toEqual(typed.training.optimizer.learningRate);
  });

  it('unit: epochs multiplies boundaries and warmup_steps by the updates of an epoch', () => {
    const ir = lower({
      layers: [out],
      optimizer: '{type: sgd, learning_rate: {type: piecewise_constant, boundaries: [2, 5], values: [0.1, 0.01, 0.001], warmup_steps: 1, unit: epochs}}',
      training,
    });
    expect(ir.training.optimizer.learningRate).toEqual({
      kind: 'piecewise_constant', initial: 0.1, boundaries: [8, 20], values: [0.1, 0.01, 0.001], warmupSteps: 4, stepsPerEpoch: 4,
    });
    expect(summaryTable(ir)).toContain('sgd warmup 4 steps, then lr 0.1 to step 8, 0.01 to step 20, then 0.001 (epochs of 4 steps)');
  });

  it('a StepLR port: staircase exponential decay per epoch', () => {
    const ir = lower({ layers: [out], optimizer: '{type: adadelta, learning_rate: {type: exponential_decay, initial: 1.0, decay_steps: 1, decay_rate: 0.7, staircase: true, unit: epochs}}', training });
    expect(ir.training.optimizer).toMatchObject({ type: 'adadelta', rho: 0.95, epsilon: 1e-7, learningRate: { kind: 'exponential_decay', decaySteps: 4, stepsPerEpoch: 4 } });
  });

  it('adadelta takes Keras\'s defaults', () => {
    expect(lower({ layers: [out], optimizer: '{type: adadelta}' }).training.optimizer).toMatchObject({ type: 'adadelta', rho: 0.95, epsilon: 1e-7, learningRate: { kind: 'constant', value: 0.001 } });
  });

  it('the momentum ramp, in inspect too', () => {
    const ir = lower({ layers: [out], optimizer: '{type: sgd, momentum: {type: linear_ramp, initial: 0.5, final: 0.99, ramp_steps: 10, unit: epochs}}', training });
    expect(ir.training.optimizer).toMatchObject({ type: 'sgd', momentum: 0.99, momentumRamp: { initial: 0.5, final: 0.99, rampSteps: 40, stepsPerEpoch: 4 } });
    expect(summaryTable(ir)).toContain('sgd lr 0.01, momentum 0.5 → 0.99 over 40 steps (epochs of 4 steps)');
  });

  it('unit: epochs on sequence data is an error at the unit', () => {
    const { diagnostics } = errorsOf({
      layers: ['{type: embedding, vocabulary: 65, width: 8}', '{type: dense, units: 65}'],
      input: '[16]',
      data: ['  source: text', '  path: test/fixtures/none.txt', '  block_size: 16'],
      optimizer: '{type: adam, learning_rate: {type: inverse_time_decay, initial: 0.001, decay_rate: 1, decay_steps: 2, unit: epochs}}',
    });
    expect(diagnostics.map((d) => d.code)).toContain('schedule-epochs');
  });
});
