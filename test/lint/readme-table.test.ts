import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { CORPUS_END, CORPUS_START, corpusFigures, renderCorpusSection, runCase } from '../../src/compiler/lint/corpus-figures.js';
import { README_END, README_START, renderRulesTable } from '../../src/compiler/lint/rule-docs.js';
import { rules } from '../../src/compiler/lint/rules/index.js';
import { ROOT } from './cli-helpers.js';

describe('README rule table', () => {
  it('matches the rule modules (regenerate: npx tsx scripts/write-readme-table.ts)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END));
    expect(section.trim()).toBe(renderRulesTable(rules).trim());
  });

  it('quotes the corpus figures the rules give today (regenerate: npx tsx scripts/write-readme-table.ts)', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf(CORPUS_START) + CORPUS_START.length, readme.indexOf(CORPUS_END));
    const dir = path.join(ROOT, 'test/lint/real-world');
    const results = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => runCase(name, readFileSync(path.join(dir, name), 'utf8')));
    expect(section.trim()).toBe(renderCorpusSection(corpusFigures(results)).trim());
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
