/** reduce_on_plateau in the IR: Keras's defaults, the mode from the monitor, inspect's line, the validation it needs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/compiler/ir/summary-table.js';
import { runMlpc } from '../helpers/run-process.js';
import { positionOf } from '../spec/helpers.js';
import { errorsOf, lower, specText } from './helpers.js';

const out = '{type: dense, units: 10}';
const plateau = (fields: string) => `{type: adam, learning_rate: {type: reduce_on_plateau, initial: 0.001${fields}}}`;

describe('reduce_on_plateau', () => {
  it("Keras ReduceLROnPlateau's defaults: val_loss, factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0", () => {
    const ir = lower({ layers: [out], optimizer: plateau('') });
    expect(ir.training.optimizer.learningRate).toMatchObject({
      kind: 'reduce_on_plateau', initial: 0.001, monitor: 'val_loss', mode: 'min', factor: 0.1, patience: 10, minDelta: 0.0001, cooldown: 0, minLr: 0,
    });
    expect(summaryTable(ir)).toContain('adam lr 0.001, x 0.1 after 10 evaluations without val_loss improving by 0.0001, min 0');
  });

  it('the older {schedule: ...} spelling; accuracy rises', () => {
    const ir = lower({ layers: [out], optimizer: '{type: sgd, learning_rate: {schedule: reduce_on_plateau, initial: 0.1, monitor: val_accuracy, factor: 0.5, patience: 3, min_delta: 0, cooldown: 2, min_lr: 0.001}}' });
    expect(ir.training.optimizer.learningRate).toMatchObject({ monitor: 'val_accuracy', mode: 'max', factor: 0.5, patience: 3, minDelta: 0, cooldown: 2, minLr: 0.001 });
  });

  it('without a validation split: an error at the learning_rate key, the data section related', () => {
    const { text, diagnostics } = errorsOf({ layers: [out], data: ['  source: mnist', '  train: 100', '  test: 10'], optimizer: plateau('') });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'plateau-without-validation',
      message: 'reduce_on_plateau watches val_loss, but the data has no validation split: the rate would never change',
      location: positionOf(text, 'learning_rate'),
    });
  });

  it('a monitor the model does not record is an error at its value', () => {
    const { text, diagnostics } = errorsOf({ layers: [out], optimizer: plateau(', monitor: val_mae') });
    expect(diagnostics.map((d) => d.code)).toEqual(['plateau-monitor']);
    expect(diagnostics[0]!.location).toMatchObject(positionOf(text, 'val_mae'));
  });

  it('factor below 1, patience at least 1', () => {
    expect(errorsOf({ layers: [out], optimizer: plateau(', factor: 1') }).diagnostics.length).toBeGreaterThan(0);
    expect(errorsOf({ layers: [out], optimizer: plateau(', patience: 0') }).diagnostics.length).toBeGreaterThan(0);
  });

  it('mlpc build without validation: exit 2 at the spec line, no stack trace, nothing written', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-plateau-'));
    const text = specText({ layers: [out], data: ['  source: mnist', '  train: 100', '  test: 10'], optimizer: plateau(', patience: 2') });
    writeFileSync(join(dir, 'p.yaml'), text);
    const result = await runMlpc(['build', join(dir, 'p.yaml'), '--target', 'typescript,pytorch', '--out', join(dir, 'out'), '--no-lint']);
    expect(result.status).toBe(2);
    const line = text.slice(0, text.indexOf('learning_rate')).split('\n').length;
    expect(result.stderr).toContain(`p.yaml:${line}:`);
    expect(result.stderr).toContain('no validation split');
    expect(result.stderr).not.toContain('    at ');
  });
});
