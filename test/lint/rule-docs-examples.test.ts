/**
 * Every rule's docs `example` and `useInstead` are complete specs (Ruff's docs examples are real
 * code): the example compiles and triggers the rule; the version written well compiles and does not.
 */
import { describe, expect, it } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import { lintModel } from '../../src/compiler/lint/lint-model.js';
import type { Rule } from '../../src/compiler/lint/rule.js';
import { placeholders } from '../../src/compiler/lint/message-template.js';
import { rules } from '../../src/compiler/lint/rules/index.js';

/** An opt-in rule's examples are linted with the rule turned on, as its docs say to. */
function lintDocsSpec(text: string, rule: Rule) {
  const compiled = compileSpecText('example.yaml', text);
  expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location?.line}: ${d.message}`)).toEqual([]);
  return lintModel(compiled.ir!, compiled.source!, { ...DEFAULT_LINT_CONFIG, rules: new Map([[rule.id, { severity: rule.severity }]]) });
}

describe('rule docs examples are real specs', () => {
  for (const rule of rules) {
    it(`${rule.id}: the example triggers it`, () => {
      expect(lintDocsSpec(rule.docs.example, rule).map((d) => d.code)).toContain(rule.id);
    });
    it(`${rule.id}: "use instead" does not`, () => {
      expect(lintDocsSpec(rule.docs.useInstead, rule).filter((d) => d.code === rule.id).map((d) => d.message)).toEqual([]);
    });
  }
});

describe('rule messages', () => {
  it('every rule reports through message ids with placeholder templates', () => {
    for (const rule of rules) {
      const ids = Object.keys(rule.messages);
      expect(ids.length, rule.id).toBeGreaterThan(0);
      for (const id of ids) expect(id, rule.id).toMatch(/^[a-z][A-Za-z0-9]*$/);
      // A message that interpolates nothing is fine; a template must not be empty.
      for (const template of Object.values(rule.messages)) expect(template.length - placeholders(template).join('').length, rule.id).toBeGreaterThan(20);
    }
  });
});

describe('one RuleTester table per rule', () => {
  it('test/lint/<rule>.test.ts exists for every rule and exercises every message id', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const missing: string[] = [];
    for (const rule of rules) {
      const file = new URL(`./${rule.id}.test.ts`, import.meta.url);
      if (!existsSync(file)) {
        missing.push(`${rule.id}: no test file`);
        continue;
      }
      const text = readFileSync(file, 'utf8');
      if (!text.includes(`ruleTester('${rule.id}'`)) missing.push(`${rule.id}: no ruleTester table`);
      for (const id of Object.keys(rule.messages)) if (!text.includes(`messageId: '${id}'`)) missing.push(`${rule.id}: message ${id} never asserted`);
    }
    expect(missing).toEqual([]);
  });
});
