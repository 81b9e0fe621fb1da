/** A tab in the indentation is one diagnostic at the tab, not the parser's cascade after it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from './helpers.js';

const seed = readFileSync('specs/seed.yaml', 'utf8');

function withTabAt(text: string, lineText: string): string {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => line.trimStart() === lineText);
  if (index < 0) throw new Error(`no line ${lineText}`);
  lines[index] = `\t${lines[index].trimStart()}`;
  return lines.join('\n');
}

function lineOf(text: string, lineText: string): number {
  return text.split('\n').findIndex((line) => line.trimStart() === lineText) + 1;
}

describe('tab indentation', () => {
  it('one tab-indented line in a layer: one error at the tab, nothing else', () => {
    const text = withTabAt(seed, 'name: hidden');
    const result = compile(text, 'tab.yaml');
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([['yaml-syntax', lineOf(text, 'name: hidden'), 1]]);
    expect(result.diagnostics[0].message).toContain('tab');
  });

  it('two tab-indented lines: one error each', () => {
    const text = withTabAt(withTabAt(seed, 'name: hidden'), 'name: out');
    const result = compile(text, 'tab.yaml');
    expect(result.diagnostics.map((d) => d.location?.line)).toEqual([lineOf(text, 'name: hidden'), lineOf(text, 'name: out')]);
    expect(new Set(result.diagnostics.map((d) => d.location?.column))).toEqual(new Set([1]));
  });

  it('an error before the tab is still reported', () => {
    const text = withTabAt(seed.replace('name: seed\n', 'name: seed\nname: again\n'), 'name: hidden');
    const result = compile(text, 'tab.yaml');
    expect(result.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ['yaml-duplicate-key', lineOf(text, 'name: again')],
      ['yaml-syntax', lineOf(text, 'name: hidden')],
    ]);
  });
});
