/** Every yaml example of docs/spec-v2.md compiles (as if it were a file in docs/), with no errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';

const page = readFileSync('docs/spec-v2.md', 'utf8');
const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

describe('docs/spec-v2.md examples', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThanOrEqual(2));
  it.each(blocks.map((text, index) => [index + 1, text]))('example %i compiles', (_index, text) => {
    const result = compileSpecText('docs/example.yaml', String(text));
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ir?.layers.some((layer) => layer.inputs.length > 1)).toBe(true);
  });
});

describe('docs/spec-v2.md: the residual MLP example', () => {
  it('is a graph on examples that both targets print (no obstacle)', async () => {
    const { graphObstacles } = await import('../../src/compiler/emit/pytorch/graph-obstacles.js');
    const { tfjsGraphObstacles } = await import('../../src/compiler/emit/tfjs/graph-obstacles.js');
    const { isGraphModel, planGraphModel } = await import('../../src/compiler/emit/plan/plan-graph-model.js');
    const text = blocks.find((block) => block.includes('name: residual_mlp'));
    expect(text).toBeDefined();
    const { ir } = compileSpecText('docs/example.yaml', String(text));
    expect(ir !== undefined && isGraphModel(ir)).toBe(true);
    expect(graphObstacles(ir!)).toEqual([]);
    expect(tfjsGraphObstacles(ir!)).toEqual([]);
    expect(planGraphModel(ir!).task).toBe('examples');
  });
});
