/**
 * Losses past single-label classification, class weights and activity regularizers: the IR they
 * lower to, and every misuse rejected at its spec line (schema and lowering), with exit 2 from the CLI.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, positionOf } from './helpers.js';
import { runMlpc } from '../helpers/run-process.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';

const spec = (data: string, layers: string, training: string) => `mlpc: 1
name: t
data: ${data}
model:
  input: [4]
  layers:
${layers}
training:
${training}
  optimizer: {type: sgd}
  steps: 10
`;
const csv = (targets: string) => `{source: csv, path: t.csv, ${targets}, train: 10}`;
const twoLayers = '    - {type: dense, name: hidden, units: 8, activation: relu}\n    - {type: dense, name: out, units: 2}';

function rejected(text: string, code: string, needle: string) {
  const result = compile(text, 'bad.yaml');
  expect(result.ir).toBeUndefined();
  const diagnostic = result.diagnostics.find((d) => d.code === code);
  expect(diagnostic, JSON.stringify(result.diagnostics.map((d) => [d.code, d.message]))).toBeDefined();
  const at = positionOf(text, needle);
  expect(diagnostic?.location?.line).toBe(at.line);
  return diagnostic!;
}

describe('lowering', () => {
  it('csv target columns: training.target columns, 0 classes; huber δ defaults to 1', () => {
    const result = compile(spec(csv('targets: [y1, y2]'), twoLayers, '  loss: huber'));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ir?.training).toMatchObject({ loss: 'huber', target: 'columns', huberDelta: 1 });
    expect(result.ir?.data).toMatchObject({ source: 'csv', classes: 0, targets: ['y1', 'y2'] });
  });

  it('target: input and activity regularizers, with their spec lines', () => {
    const layers = '    - {type: dense, name: code, units: 2, activity_regularizer: {l1: 0.001, l2: 0.5}}\n    - {type: dense, name: out, units: 4}';
    const text = spec('{source: synthetic, examples: 40, features: 4, classes: 2, train: 20}', layers, '  loss: mean_squared_error\n  target: input');
    const result = compile(text);
    expect(result.ir?.training.target).toBe('input');
    expect(result.ir?.activityRegularizers?.map((a) => [a.layer, a.kind, a.coefficient, a.ref.location.line])).toEqual([
      ['code', 'l1', 0.001, positionOf(text, 'activity_regularizer').line],
      ['code', 'l2', 0.5, positionOf(text, 'activity_regularizer').line],
    ]);
  });

  it('class weights on softmax cross-entropy', () => {
    const result = compile(spec('{source: synthetic, examples: 40, features: 4, classes: 2, train: 20}', twoLayers, '  loss: softmax_cross_entropy\n  class_weight: [1, 4]'));
    expect(result.ir?.training.classWeight).toEqual([1, 4]);
  });
});

describe('rejected at the spec line', () => {
  it('a csv source with both label and targets, or neither', () => {
    rejected(spec(csv('label: y, targets: [y1]'), twoLayers, '  loss: mean_squared_error'), 'csv-target', 'targets');
    rejected(spec('{source: csv, path: t.csv, train: 10}', twoLayers, '  loss: mean_squared_error'), 'csv-target', 'source: csv');
  });

  it('target columns under a classification loss', () => {
    rejected(spec(csv('targets: [y1, y2]'), twoLayers, '  loss: softmax_cross_entropy'), 'loss-target', 'loss: softmax');
  });

  it('an output that does not match the target columns or the input', () => {
    rejected(spec(csv('targets: [y1, y2, y3]'), twoLayers, '  loss: mean_absolute_error'), 'output-mismatch', '{type: dense, name: out');
    const input = spec('{source: mnist, train: 10}', twoLayers, '  loss: binary_cross_entropy\n  target: input');
    rejected(input, 'output-mismatch', '{type: dense, name: out');
  });

  it('huber_delta on another loss; class_weight of the wrong length or on regression', () => {
    rejected(spec(csv('targets: [y1, y2]'), twoLayers, '  loss: mean_squared_error\n  huber_delta: 2'), 'loss-field', 'huber_delta');
    const synthetic = '{source: synthetic, examples: 40, features: 4, classes: 2, train: 20}';
    rejected(spec(synthetic, twoLayers, '  loss: softmax_cross_entropy\n  class_weight: [1, 2, 3]'), 'class-weight', '[1, 2, 3]');
    rejected(spec(csv('targets: [y1, y2]'), twoLayers, '  loss: mean_squared_error\n  class_weight: [1, 2]'), 'class-weight', 'class_weight');
  });

  it('schema: an unknown activity regularizer key, a negative class weight, huber_delta 0', () => {
    const layers = '    - {type: dense, name: hidden, units: 8, activity_regularizer: {l3: 1}}\n    - {type: dense, name: out, units: 2}';
    const bad = compile(spec(csv('targets: [y1, y2]'), layers, '  loss: huber\n  huber_delta: 0\n  class_weight: [-1, 1]'), 'bad.yaml');
    expect(bad.ir).toBeUndefined();
    const lines = bad.diagnostics.map((d) => d.location?.line);
    expect(lines).toContain(7); // the activity_regularizer's layer
    expect(lines).toContain(11); // huber_delta
    expect(lines).toContain(12); // class_weight
  });

  describe('a tagger (csv labels: one class per position)', () => {
    const tagger = (data: string, layers: string, training = '  loss: softmax_cross_entropy') => `mlpc: 1
name: t
data: {source: csv, path: t.csv, features: [x0, x1, x2, x3], ${data}, train: 10}
model:
  input: [4, 1]
  layers:
    - {type: conv1d, name: c1, filters: 8, kernel_size: 3, padding: same, activation: tanh}
${layers}
training:
${training}
  optimizer: {type: sgd}
  steps: 10
`;
    const head = '    - {type: conv1d, name: head, filters: 3, kernel_size: 1}';
    const four = 'labels: [t0, t1, t2, t3]';

    it('lowers to training.target positions, the output\'s classes and accuracy', () => {
      const result = compile(tagger(four, head));
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ir?.training).toMatchObject({ loss: 'softmax_cross_entropy', target: 'positions' });
      expect(result.ir?.data).toMatchObject({ source: 'csv', classes: 3, labels: ['t0', 't1', 't2', 't3'] });
    });

    it('the wrong number of label columns: at data.labels, naming the output', () => {
      const text = tagger('labels: [t0, t1, t2]', head);
      const diagnostic = rejected(text, 'output-mismatch', 'labels: [t0');
      expect(diagnostic.message).toBe("data.labels names 3 columns, but the model's output [4, 3] has 4 positions: one label column per position, in position order");
      expect(diagnostic.related?.[0]?.location?.line).toBe(positionOf(text, '{type: conv1d, name: head').line);
    });

    it('an output that is not [steps, classes]: at the last layer', () => {
      const flattened = `${head}\n    - {type: flatten, name: flat}`;
      const diagnostic = rejected(tagger(four, flattened), 'output-mismatch', '{type: flatten');
      expect(diagnostic.message).toMatch(/the model's output is \[12\], but data\.labels names 4 positions, so it must be \[4, classes\]/);
      rejected(tagger(four, '    - {type: conv1d, name: head, filters: 1, kernel_size: 1}'), 'output-mismatch', 'filters: 1');
    });

    it('classes that differ from the output\'s logits per position: at data.classes', () => {
      rejected(tagger(`${four}, classes: 5`, head), 'output-mismatch', 'classes: 5');
    });

    it('a loss other than softmax_cross_entropy, label_smoothing, class_weight', () => {
      rejected(tagger(four, head, '  loss: mean_squared_error'), 'loss-target', 'loss: mean');
      rejected(tagger(four, head, '  loss: softmax_cross_entropy\n  label_smoothing: 0.1'), 'loss-field', 'label_smoothing');
      rejected(tagger(four, head, '  loss: softmax_cross_entropy\n  class_weight: [1, 2, 3]'), 'class-weight', 'class_weight');
    });

    it('a list under label: a schema error whose hint names labels', () => {
      const diagnostic = rejected(tagger('label: [t0, t1, t2, t3]', head), 'schema-type', 'label: [t0');
      expect(diagnostic.hint).toMatch(/one label column per position \(a tagger\) is labels: \[NAME, \.\.\.\]/);
    });

    it('labels beside label or targets', () => {
      rejected(tagger(`label: y, ${four}`, head), 'csv-target', 'labels:');
      rejected(tagger(`targets: [y], ${four}`, head), 'csv-target', 'labels:');
    });

    it('the example of docs/spec-v1.md compiles beside its data file', () => {
      const page = readFileSync('docs/spec-v1.md', 'utf8');
      const example = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]).find((text) => text.includes('name: tagger_example'));
      expect(example).toBeDefined();
      const result = compileSpecText('docs/tagger_example.yaml', example!);
      expect(result.diagnostics.map((d) => d.message)).toEqual([]);
      expect(result.ir?.training.target).toBe('positions');
      expect(result.ir?.layers.at(-1)?.outputShape).toEqual([8, 3]);
    });

    it('the CLI: exit 2 at the line of data.labels', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'mlpc-tagger-'));
      const file = join(folder, 'bad.yaml');
      writeFileSync(file, tagger('labels: [t0, t1, t2]', head));
      const result = await runMlpc(['build', file, '--out', join(folder, 'out')]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/bad\.yaml:3:\d+ error data\.labels names 3 columns/);
    });
  });

  it('the CLI: exit 2 with file:line, nothing written', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mlpc-loss-'));
    const file = join(folder, 'bad.yaml');
    writeFileSync(file, spec(csv('targets: [y1, y2]'), twoLayers, '  loss: softmax_cross_entropy'));
    const result = await runMlpc(['build', file, '--out', join(folder, 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad\.yaml:10:9 error training\.loss/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
