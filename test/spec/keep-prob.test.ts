import { describe, expect, it } from 'vitest';
import type { TextEdit } from '../../src/compiler/diagnostics/diagnostic.js';
import { compile, mutate, only, positionOf } from './helpers.js';

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}

describe('keep_prob', () => {
  it('is rejected at the key with the conversion hint, and nothing else about that layer', () => {
    const text = mutate('rate: 0.5', 'keep_prob: 0.8');
    const diagnostic = only(compile(text).diagnostics);
    expect(diagnostic.code).toBe('keep-prob');
    expect(diagnostic.message).toBe('layer 2 (dropout): keep_prob is not supported; write the drop probability as rate (rate: 0.2)');
    expect(diagnostic.hint).toContain('rate = 1 - keep_prob');
    expect({ line: diagnostic.location?.line, column: diagnostic.location?.column }).toEqual(positionOf(text, 'keep_prob'));
  });

  it.each([
    ['0.8', 0.2],
    ['0.5', 0.5],
    ['1', 0],
    ['0.9', 0.1],
  ])('carries a safe fix: keep_prob %s becomes rate %s, and the fixed spec compiles', (keepProb, rate) => {
    const text = mutate('rate: 0.5', `keep_prob: ${keepProb}`);
    const { fix } = only(compile(text).diagnostics);
    expect(fix?.safe).toBe(true);
    const fixed = applyEdits(text, fix?.edits ?? []);
    expect(fixed).toBe(mutate('rate: 0.5', `rate: ${rate}`));
    const result = compile(fixed);
    expect(result.diagnostics).toEqual([]);
    const dropout = result.ir?.layers[1];
    expect(dropout?.type === 'dropout' && dropout.rate).toBe(rate);
  });

  it('works in block style too', () => {
    const text = mutate('    - {type: dropout, rate: 0.5}', '    - type: dropout\n      keep_prob: 0.75 # TF1');
    const { fix } = only(compile(text).diagnostics);
    expect(applyEdits(text, fix?.edits ?? [])).toContain('      rate: 0.25 # TF1');
  });

  it('offers no fix when the value cannot be converted or rate is also given', () => {
    expect(only(compile(mutate('rate: 0.5', 'keep_prob: 0')).diagnostics).fix).toBeUndefined();
    expect(only(compile(mutate('rate: 0.5', 'keep_prob: high')).diagnostics).fix).toBeUndefined();
    expect(only(compile(mutate('rate: 0.5', 'rate: 0.5, keep_prob: 0.5')).diagnostics).fix).toBeUndefined();
  });
});
