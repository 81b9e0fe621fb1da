import { describe, expect, it } from 'vitest';
import { positionOf } from '../spec/helpers.js';
import { errorsOf, lower } from './helpers.js';

const out = '{type: dense, name: out, units: 10}';
const early = (mapping: string) => ({ layers: [out], training: ['  steps: 10', `  early_stopping: ${mapping}`] });

describe('training.early_stopping', () => {
  it("Keras's defaults: val_loss, min_delta 0, restore_best false; losses fall", () => {
    expect(lower(early('{patience: 2}')).training.earlyStopping).toMatchObject({ monitor: 'val_loss', mode: 'min', patience: 2, minDelta: 0, restoreBest: false });
  });

  it('accuracy rises', () => {
    const ir = lower(early('{monitor: val_accuracy, patience: 4, min_delta: 0.01, restore_best: true}'));
    expect(ir.training.earlyStopping).toMatchObject({ monitor: 'val_accuracy', mode: 'max', patience: 4, minDelta: 0.01, restoreBest: true });
  });

  it("a monitor the model does not record is an error at its value", () => {
    const { text, diagnostics } = errorsOf(early('{monitor: val_mae, patience: 2}'));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'early-stopping-monitor',
      message: 'training.early_stopping.monitor: this model records val_loss and val_accuracy, not val_mae',
      location: positionOf(text, 'val_mae'),
    });
  });

  it('patience is required and at least 1', () => {
    expect(errorsOf(early('{monitor: val_loss}')).diagnostics.length).toBeGreaterThan(0);
    expect(errorsOf(early('{patience: 0}')).diagnostics.length).toBeGreaterThan(0);
  });
});
