/**
 * The committed rule docs are what the rule modules render today: one page per rule in docs/rules/, no
 * page without a rule, and the rule table and corpus figures of docs/rules/README.md. Regenerate with
 * `npx tsx scripts/write-rule-docs.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_END, CORPUS_START, corpusFigures, renderCorpusSection, runCase } from '../../src/compiler/lint/corpus-figures.js';
import { RULE_PAGES_DIR, RULES_TABLE_END, RULES_TABLE_START, explainText, renderRulesTable, rulePage, sectionOf } from '../../src/compiler/lint/rule-docs.js';
import { rules } from '../../src/compiler/lint/rules/index.js';
import { ROOT } from './cli-helpers.js';

const PAGES = path.join(ROOT, RULE_PAGES_DIR);
const index = readFileSync(path.join(PAGES, 'README.md'), 'utf8');

describe('rule pages (regenerate: npx tsx scripts/write-rule-docs.ts)', () => {
  it('docs/rules/<id>.md is the page rendered from each rule, byte for byte', () => {
    for (const rule of rules) expect(readFileSync(path.join(PAGES, `${rule.id}.md`), 'utf8'), rule.id).toBe(rulePage(rule));
  });

  it('has no page without a rule', () => {
    const pages = readdirSync(PAGES).filter((name) => name.endsWith('.md') && name !== 'README.md');
    expect(pages.sort()).toEqual(rules.map((rule) => `${rule.id}.md`).sort());
  });

  it('each page has Ruff\'s sections, and `mlpc explain` text is that page without its Markdown', () => {
    for (const rule of rules) {
      const page = rulePage(rule);
      const headings = page.split('\n').filter((line) => line.startsWith('## '));
      expect(headings.filter((h) => !h.startsWith('## Options')), rule.id).toEqual(
        ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix safety', 'References'].map((h) => `## ${h}`),
      );
      const text = explainText(rule);
      expect(text).not.toMatch(/```|^#/m);
      expect(text).toContain(rule.docs.whyIsThisBad.replace(/`/g, ''));
    }
  });

  it('links from a page to the repository\'s files resolve', () => {
    for (const rule of rules) {
      for (const [, target] of rulePage(rule).matchAll(/\]\(([^)]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(() => readFileSync(path.join(PAGES, target!)), `${rule.id} → ${target}`).not.toThrow();
      }
    }
  });

  it('the index lists every rule, linked to its page', () => {
    expect(sectionOf(index, RULES_TABLE_START, RULES_TABLE_END)).toBe(renderRulesTable(rules).trim());
    for (const rule of rules) expect(index).toContain(`[\`${rule.id}\`](${rule.id}.md)`);
  });

  it('the index quotes the corpus figures the rules give today', () => {
    const dir = path.join(ROOT, 'test/lint/real-world');
    const results = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => runCase(name, readFileSync(path.join(dir, name), 'utf8')));
    expect(sectionOf(index, CORPUS_START, CORPUS_END)).toBe(renderCorpusSection(corpusFigures(results)).trim());
  });

  it('lists every rule once, with ids that are unique and kebab-case', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    for (const rule of rules) {
      expect(rule.docs.references.length, rule.id).toBeGreaterThan(0);
      expect(rule.docs.example.length, rule.id).toBeGreaterThan(0);
    }
  });
});
