import { describe, expect, it } from 'vitest';
import { createSpecSource } from '../../src/compiler/spec/yaml-source.js';
import { baseSpec, positionOf } from './helpers.js';

const { source } = createSpecSource('specs/base.yaml', baseSpec);

describe('SpecSource', () => {
  it('locates a value node by JSON path', () => {
    const location = source.locate(['model', 'layers', 1, 'rate']);
    expect(location).toMatchObject({ file: 'specs/base.yaml', ...positionOf(baseSpec, '0.5}') });
    expect(baseSpec.slice(location.start, location.end)).toBe('0.5');
    expect(location.endColumn - location.column).toBe(3);
  });

  it('locates a flow mapping from brace to brace', () => {
    const location = source.locate(['model', 'layers', 2]);
    expect(baseSpec.slice(location.start, location.end)).toBe('{type: dense, name: out, units: 10}');
  });

  it('ends a block mapping at its last character, not at the next line', () => {
    const location = source.locate(['data']);
    expect(baseSpec.slice(location.start, location.end)).toBe('source: mnist\n  train: 100\n  validation: 50\n  test: 50');
  });

  it('locates keys and whole pairs', () => {
    const key = source.locateKey(['training', 'steps']);
    expect(baseSpec.slice(key.start, key.end)).toBe('steps');
    const pair = source.locatePair(['regularization', 0, 'l2']);
    expect(baseSpec.slice(pair.start, pair.end)).toBe('l2: 0.001');
  });

  it('falls back to the nearest existing ancestor', () => {
    const location = source.locate(['model', 'layers', 1, 'no_such_key']);
    expect(baseSpec.slice(location.start, location.end)).toBe('{type: dropout, rate: 0.5}');
    expect(source.locate(['nothing', 'here'])).toMatchObject({ line: 1, column: 1 });
  });
});
