/** CompileResult.model: the layers and parameter table beside errors that stop the IR (what an editor completes with). */
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { specText } from './helpers.js';

describe('the lowered model beside errors', () => {
  it('is there when a selector matches nothing, although the IR is not', () => {
    const result = compileSpecText('test.yaml', specText({ layers: ['{type: dense, name: hidden, units: 8}', '{type: dense, name: out, units: 10}'], regularization: ['{params: "hid", l2: 0.001}'] }));
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['unmatched-selector']);
    expect(result.model?.parameters.map((p) => p.id)).toEqual(['hidden.kernel', 'hidden.bias', 'out.kernel', 'out.bias']);
    expect(result.model?.layers.map((l) => [l.name, l.outputShape])).toEqual([['hidden', [8]], ['out', [10]]]);
  });

  it('equals the IR\'s layers and parameters when the spec is valid, and is absent after a shape error', () => {
    const valid = compileSpecText('test.yaml', specText({ layers: ['{type: dense, name: out, units: 10}'] }));
    expect(valid.model?.parameters).toEqual(valid.ir?.parameters);
    expect(valid.model?.layers).toEqual(valid.ir?.layers);
    const shapeError = compileSpecText('test.yaml', specText({ input: '[28, 28]', layers: ['{type: conv2d, filters: 4, kernel_size: 3}', '{type: dense, units: 10}'] }));
    expect(shapeError.diagnostics.map((d) => d.code)).toEqual(['shape-mismatch']);
    expect(shapeError.model).toBeUndefined();
  });
});
