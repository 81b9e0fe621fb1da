/**
 * The front end's contract under fire: for any text, compileSpecText returns an IR or positioned
 * error diagnostics, and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { baseSpec } from './helpers.js';
import { readFileSync } from 'node:fs';

const seeds = [baseSpec, readFileSync('specs/seed.yaml', 'utf8'), readFileSync('specs/conv_bn.yaml', 'utf8'), readFileSync('specs/adamw.yaml', 'utf8')];

function assertContract(text: string): void {
  const result = compileSpecText('fuzz.yaml', text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (result.ir) {
    expect(errors).toEqual([]);
    JSON.stringify(result.ir);
  } else {
    expect(errors.length).toBeGreaterThan(0);
  }
  for (const diagnostic of result.diagnostics) {
    const location = diagnostic.location;
    expect(location, diagnostic.message).toBeDefined();
    if (!location) continue;
    expect(location.file).toBe('fuzz.yaml');
    expect(location.line).toBeGreaterThanOrEqual(1);
    expect(location.column).toBeGreaterThanOrEqual(1);
    expect(location.start).toBeLessThanOrEqual(location.end);
    expect(location.end).toBeLessThanOrEqual(text.length);
    expect(diagnostic.message.length).toBeGreaterThan(0);
  }
}

const yamlCharacter = fc.constantFrom(':', '-', ' ', '\n', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '"', "'", '#', '?', '\t', '0', '1', '.', 'e', 'a', '_');

const textEdit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 6 }),
  insert: fc.oneof(fc.array(yamlCharacter, { maxLength: 6 }).map((chars) => chars.join('')), fc.string({ maxLength: 6 })),
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Replaces, deletes or adds a value at a random place of the parsed spec. */
function mutateValue(value: Json, steps: number[], replacement: Json, action: number): Json {
  if (steps.length === 0 || value === null || typeof value !== 'object') return action === 0 ? replacement : value;
  const [step = 0, ...rest] = steps;
  if (Array.isArray(value)) {
    if (value.length === 0) return [replacement];
    const index = step % value.length;
    const copy = [...value];
    if (rest.length === 0 && action === 1) copy.splice(index, 1);
    else copy[index] = mutateValue(copy[index] ?? null, rest, replacement, action);
    return copy;
  }
  const keys = Object.keys(value);
  const copy: { [key: string]: Json } = { ...value };
  if (keys.length === 0 || (rest.length === 0 && action === 2)) {
    copy[`key_${step}`] = replacement;
    return copy;
  }
  const key = keys[step % keys.length] ?? '';
  if (rest.length === 0 && action === 1) delete copy[key];
  else copy[key] = mutateValue(copy[key] ?? null, rest, replacement, action);
  return copy;
}

const interesting: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(0, -1, 1.5, 1e12, '', 'relu', 'dense', '*.kernel', '__proto__', true, null, [], {}, [28, 28, 1], { type: 'dense' }, 'keep_prob'),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

describe('property: an IR or positioned diagnostics, never a throw', () => {
  it('random text edits of valid specs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(textEdit, { minLength: 1, maxLength: 4 }), (seed, edits) => {
        let text = seed;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        }
        assertContract(text);
      }),
      { numRuns: 2500 },
    );
  });

  it('random structural mutations of valid specs', () => {
    const parsedSeeds = seeds.map((text) => parse(text) as Json);
    fc.assert(
      fc.property(
        fc.constantFrom(...parsedSeeds),
        fc.array(fc.record({ steps: fc.array(fc.nat({ max: 20 }), { maxLength: 5 }), replacement: interesting, action: fc.nat({ max: 2 }) }), { minLength: 1, maxLength: 3 }),
        (seed, mutations) => {
          let value = seed;
          for (const mutation of mutations) value = mutateValue(value, mutation.steps, mutation.replacement, mutation.action);
          assertContract(stringify(value));
        },
      ),
      { numRuns: 2500 },
    );
  });

  it('arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), assertContract), { numRuns: 1000 });
  });
});
