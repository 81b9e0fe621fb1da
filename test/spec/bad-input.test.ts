import { describe, expect, it } from 'vitest';
import { baseSpec, compile, mutate, positionOf } from './helpers.js';

/** Every hostile or malformed spec ends in positioned error diagnostics, never in a throw or an IR. */
function expectRejected(text: string, code: string, at: { line: number; column: number }) {
  const result = compile(text, 'bad.yaml');
  expect(result.ir).toBeUndefined();
  const diagnostic = result.diagnostics.find((d) => d.code === code);
  expect(diagnostic, JSON.stringify(result.diagnostics.map((d) => d.code))).toBeDefined();
  expect(diagnostic?.severity).toBe('error');
  expect(diagnostic?.location?.file).toBe('bad.yaml');
  expect({ line: diagnostic?.location?.line, column: diagnostic?.location?.column }).toEqual(at);
  return diagnostic;
}

describe('bad input', () => {
  it('YAML syntax error', () => {
    const text = mutate('input: [784]', 'input: [784');
    const diagnostic = expectRejected(text, 'yaml-syntax', { line: 10, column: 3 });
    expect(diagnostic?.message).toMatch(/^YAML: /);
  });

  it('unterminated string', () => {
    const text = mutate('name: base', 'name: "base');
    const result = compile(text);
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics[0]).toMatchObject({ code: 'yaml-syntax', location: { line: 2 } });
  });

  it('tab indentation', () => {
    const text = mutate('  train: 100', '\ttrain: 100');
    const result = compile(text);
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics[0]?.location?.line).toBe(5);
  });

  it('duplicate keys', () => {
    const text = mutate('  steps: 10', '  steps: 10\n  steps: 20');
    expectRejected(text, 'yaml-duplicate-key', positionOf(text, 'steps: 20'));
  });

  it('an alias bomb (billion laughs) is refused before it expands', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let level = 1; level < 9; level += 1) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `${levels.join('\n')}\n`;
    const started = performance.now();
    const diagnostic = expectRejected(text, 'yaml-alias', positionOf(text, '*b', 1));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(diagnostic?.message).toContain('alias');
  });

  it('an alias without an anchor', () => {
    const text = mutate('name: base', 'name: *nothing');
    expectRejected(text, 'yaml-alias', positionOf(text, '*nothing'));
  });

  it('aliases within the cap are expanded like any value', () => {
    const text = mutate('  train: 100', '  train: &n 100').replace('  test: 50', '  test: *n');
    const result = compile(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.ir?.data.test).toBe(100);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a %s key', (key) => {
    const text = mutate('data:\n', `${key}: {polluted: true}\ndata:\n`);
    expectRejected(text, 'forbidden-key', positionOf(text, key));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a __proto__ key nested in a layer', () => {
    const text = mutate('{type: dropout, rate: 0.5}', '{type: dropout, rate: 0.5, __proto__: {units: 3}}');
    expectRejected(text, 'forbidden-key', positionOf(text, '__proto__'));
  });

  it.each([
    ['a quote', 'hid"den'],
    ['a backtick', 'hid`den'],
    ['a newline', 'hid\nden'],
    ['a path', '../../etc/passwd'],
    ['an uppercase letter', 'Hidden'],
  ])('a layer name with %s', (_what, name) => {
    const text = mutate('name: hidden', `name: ${JSON.stringify(name)}`);
    expectRejected(text, 'schema-pattern', positionOf(text, JSON.stringify(name)));
  });

  it('a spec name with a path in it', () => {
    const text = mutate('name: base', 'name: ../../generated/evil');
    expectRejected(text, 'schema-pattern', positionOf(text, '../../generated/evil'));
  });

  it('a data path with a backtick', () => {
    const text = mutate('  source: mnist\n  train: 100', '  source: csv\n  path: "a`rm -rf`.csv"\n  label: y\n  train: 100');
    expectRejected(text, 'schema-pattern', positionOf(text, '"a`rm'));
  });

  it.each(['', '\n\n', '# only a comment\n', '---\n'])('an empty file %j', (text) => {
    const diagnostic = expectRejected(text, 'empty-spec', { line: 1, column: 1 });
    expect(diagnostic?.hint).toContain('mlpc init');
  });

  it('a top-level list', () => {
    expectRejected('- mlpc: 1\n- name: x\n', 'schema-type', { line: 1, column: 1 });
  });

  it('a top-level scalar', () => {
    expectRejected('hello\n', 'schema-type', { line: 1, column: 1 });
  });

  it('absurd sizes', () => {
    const text = mutate('units: 32', 'units: 1000000000000');
    expectRejected(text, 'schema-range', positionOf(text, '1000000000000'));
  });

  it('infinite and NaN numbers', () => {
    const text = mutate('rate: 0.5', 'rate: .nan');
    expectRejected(text, 'yaml-number', positionOf(text, '.nan'));
  });

  it('two documents in one file', () => {
    const text = `${baseSpec}---\nmlpc: 1\n`;
    expectRejected(text, 'yaml-syntax', positionOf(text, '---'));
  });

  it('a key that is not a word', () => {
    const text = mutate('data:\n', '? [a, b]\n: 1\ndata:\n');
    expectRejected(text, 'yaml-key', positionOf(text, '[a, b]'));
  });

  it('very deep nesting', () => {
    const text = mutate('name: base', `name: ${'['.repeat(200)}${']'.repeat(200)}`);
    const result = compile(text);
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics[0]?.location?.line).toBe(2);
  });

  it('binary garbage', () => {
    const text = '\u0000\u0001\u0002\uFFFD\u{1F4A9}: [}\n';
    const result = compile(text);
    expect(result.ir).toBeUndefined();
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of result.diagnostics) expect(diagnostic.location?.line).toBeGreaterThanOrEqual(1);
  });
});
