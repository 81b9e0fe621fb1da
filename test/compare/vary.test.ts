import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConditions } from '../../src/compare/build-conditions.js';
import type { Condition } from '../../src/compare/results-file.js';
import { unifiedDiff } from '../../src/compare/spec-diff.js';
import { applyVariant, loadPresets, parseVaryOption } from '../../src/compare/vary.js';
import type { Presets } from '../../src/compare/vary.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import type { ModelIR } from '../../src/compiler/ir/types.js';

const base = 'test/compare/fixtures/base_mlp.yaml';

const regularizersOf = (ir: ModelIR) =>
  Object.fromEntries(ir.parameters.filter((p) => p.regularizers.length).map((p) => [p.id, p.regularizers.map((r) => `${r.kind} ${r.lambda}`)]));
const constraintsOf = (ir: ModelIR) =>
  Object.fromEntries(ir.parameters.filter((p) => p.constraints.length).map((p) => [p.id, p.constraints.map((c) => c.kind)]));
const layersOf = (ir: ModelIR) => ir.layers.map((l) => (l.type === 'dropout' ? `dropout ${l.rate}` : l.name));

describe('--vary regularization', () => {
  let presets: Presets;
  let conditions: Condition[];

  beforeAll(async () => {
    presets = await loadPresets();
    const vary = [parseVaryOption('regularization=none,l2,maxnorm,dropout+l2,dropout+maxnorm', presets)];
    const built = await buildConditions({ files: [base], tune: [], vary, presets }, compileSpecText);
    expect(built.diagnostics).toEqual([]);
    conditions = built.conditions;
  });

  const irOf = (label: string) => (conditions.find((c) => c.label === label) as Condition).points[0].ir;

  it('expands one condition per variant, named after the base', () => {
    expect(conditions.map((c) => c.label)).toEqual(['none', 'l2', 'maxnorm', 'dropout+l2', 'dropout+maxnorm']);
    expect(irOf('dropout+l2').name).toBe('base_mlp_dropout_l2');
  });

  it('none strips every penalty, constraint and dropout layer of the base, shorthands included', () => {
    const ir = irOf('none');
    expect(regularizersOf(ir)).toEqual({});
    expect(constraintsOf(ir)).toEqual({});
    expect(layersOf(ir)).toEqual(['h1', 'h2', 'out']);
  });

  it('l2 penalizes every kernel and nothing else', () => {
    expect(regularizersOf(irOf('l2'))).toEqual({ 'h1.kernel': ['l2 0.0001'], 'h2.kernel': ['l2 0.0001'], 'out.kernel': ['l2 0.0001'] });
    expect(layersOf(irOf('l2'))).toEqual(['h1', 'h2', 'out']);
  });

  it('dropout+maxnorm puts dropout on the input and after each hidden layer, and max-norm on every kernel', () => {
    const ir = irOf('dropout+maxnorm');
    expect(layersOf(ir)).toEqual(['dropout 0.2', 'h1', 'dropout 0.5', 'h2', 'dropout 0.5', 'out']);
    expect(constraintsOf(ir)).toEqual({ 'h1.kernel': ['max_norm'], 'h2.kernel': ['max_norm'], 'out.kernel': ['max_norm'] });
    expect(regularizersOf(ir)).toEqual({});
  });

  it('records each variant as the diff it applies to the base spec', () => {
    const diff = (conditions.find((c) => c.label === 'dropout+l2') as Condition).variant?.diff ?? '';
    expect(diff).toContain('+    - {type: dropout, rate: 0.2}');
    expect(diff).toContain('-    - {type: dropout, rate: 0.1}');
    expect(diff).toContain('+  - {params: "*.kernel", l2: 0.0001}');
    expect(diff).toContain('-  - {params: "*.bias", l1: 0.001}');
    expect(diff).toMatch(/^--- test\/compare\/fixtures\/base_mlp.yaml\n\+\+\+ test\/compare\/fixtures\/base_mlp.yaml \(dropout\+l2\)\n@@ /);
  });

  it('rejects unknown axes and variants with the known names', () => {
    expect(() => parseVaryOption('regularisation=l2', presets)).toThrow(/unknown axis regularisation \(known: regularization, optimizer\)/);
    expect(() => parseVaryOption('regularization=l2,dropconnect', presets)).toThrow(/unknown regularization variant "dropconnect"/);
  });

  it('leaves the base document untouched', async () => {
    const text = await readFile(base, 'utf8');
    const doc = parseDocument(text);
    applyVariant(doc, presets, { regularization: 'dropout+maxnorm' });
    expect(String(doc)).toBe(String(parseDocument(text)));
    expect(compileSpecText(base, String(doc)).ir).toBeDefined();
  });
});

describe('unifiedDiff', () => {
  it('shows changed lines with two lines of context and correct hunk headers', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n');
    const after = ['a', 'b', 'c', 'D', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    expect(unifiedDiff(before, after, 'x', 'y')).toBe(
      ['--- x', '+++ y', '@@ -2,5 +2,5 @@', ' b', ' c', '-d', '+D', ' e', ' f', '@@ -8,2 +8,3 @@', ' h', ' i', '+j', ''].join('\n'),
    );
    expect(unifiedDiff('same\n', 'same\n', 'x', 'y')).toBe('');
  });
});
