/**
 * What no graph printer prints is refused by both targets at its spec line (exit 2, nothing written),
 * never silently dropped: in a language model class weights, activity regularizers, a training target
 * other than the next token, early stopping, reduce_on_plateau; in a graph trained on examples, the
 * layers that need token ids (src/compiler/emit/plan/graph-limits.ts).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMlpc } from '../helpers/run-process.js';

const base = readFileSync('test/pytorch/fixtures/gpt_xt.yaml', 'utf8').replace('path: gpt_text.txt', `path: ${resolve('test/pytorch/fixtures/gpt_text.txt')}`);

function lineOf(text: string, fragment: string): number {
  return text.slice(0, text.indexOf(fragment)).split('\n').length;
}

describe('graph models refuse what their printers leave out', { timeout: 120_000 }, () => {
  const spec = base
    .replace("{type: dense, name: fc, units: 128, activation: gelu,", '{type: dense, name: fc, units: 128, activation: gelu, activity_regularizer: {l2: 0.01},')
    .replace(/learning_rate: \{schedule: warmup_cosine[^}]*\}/, 'learning_rate: {type: reduce_on_plateau, initial: 1.0e-2, patience: 3}')
    .replace('  clip_grad_norm: 1.0\n', `  clip_grad_norm: 1.0\n  class_weight: [${Array(56).fill('1.0').join(', ')}]\n  early_stopping: {patience: 3}\n`);

  it.each(['typescript', 'pytorch'])('--target %s: exit 2 at each line, nothing written', async (target) => {
    expect(spec).not.toBe(base);
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-graph-limits-'));
    const file = join(dir, 'gpt.yaml');
    writeFileSync(file, spec);
    const out = join(dir, 'out');
    const result = await runMlpc(['build', file, '--target', target, '--out', out, '--no-lint']);
    expect(result.status).toBe(2);
    expect(result.stderr).not.toContain('    at ');
    expect(result.stderr).toContain(`gpt.yaml:${lineOf(spec, 'class_weight')}`);
    expect(result.stderr).toContain(`--target ${target}: class_weight is not supported in a language model`);
    expect(result.stderr).toContain(`gpt.yaml:${lineOf(spec, 'activity_regularizer')}`);
    expect(result.stderr).toContain("activity_regularizer on 'h.0.fc'");
    expect(result.stderr).toContain(`gpt.yaml:${lineOf(spec, 'early_stopping')}`);
    expect(result.stderr).toContain(`--target ${target}: early_stopping is not supported in a language model`);
    expect(result.stderr).toContain(`gpt.yaml:${lineOf(spec, 'learning_rate')}`);
    expect(result.stderr).toContain(`--target ${target}: the reduce_on_plateau schedule is not supported in a language model`);
    expect(existsSync(out)).toBe(false);
  });

  it.each(['typescript', 'pytorch'])('--target %s: a graph on examples refuses the layers of a language model at their lines', async (target) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-graph-limits-'));
    const text = [
      'mlpc: 2',
      'name: residual_tokens',
      'data: {source: synthetic, examples: 200, features: 8, classes: 3, train: 100, validation: 50, test: 50}',
      'model:',
      '  input: [8]',
      '  layers:',
      '    - {type: embedding, name: wte, vocabulary: 10, width: 4}',
      '    - {type: lstm, name: rnn, units: 4, return_sequences: false}',
      '    - {type: dense, name: out, units: 3}',
      'training:',
      '  loss: softmax_cross_entropy',
      '  optimizer: {type: adam}',
      '  steps: 10',
      '',
    ].join('\n');
    const file = join(dir, 'residual.yaml');
    writeFileSync(file, text);
    const result = await runMlpc(['build', file, '--target', target, '--out', join(dir, 'out'), '--no-lint']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(`residual.yaml:7`);
    expect(result.stderr).toContain("embedding layer 'wte' needs a language model (source: text or tokens), not synthetic data");
    expect(result.stderr).toContain(`residual.yaml:8`);
    expect(result.stderr).toContain("lstm layer 'rnn' needs a language model");
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it.each(['typescript', 'pytorch'])('--target %s: a graph on examples refuses label_smoothing (never silently dropped)', async (target) => {
    const dir = mkdtempSync(join(tmpdir(), 'mlpc-graph-limits-'));
    const text = readFileSync('test/pytorch/fixtures/xt_residual.yaml', 'utf8').replace('  loss: softmax_cross_entropy\n', '  loss: softmax_cross_entropy\n  label_smoothing: 0.1\n');
    const file = join(dir, 'smooth.yaml');
    writeFileSync(file, text);
    const result = await runMlpc(['build', file, '--target', target, '--out', join(dir, 'out'), '--no-lint']);
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain(`smooth.yaml:${lineOf(text, 'label_smoothing')}`);
    expect(result.stderr).toContain(`--target ${target}: label_smoothing on a graph model trained on examples is not supported yet`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
