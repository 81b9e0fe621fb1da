/**
 * Developer tool (not part of the package): writes the rule docs from the rule modules:
 *   - docs/rules/<id>.md, one page per rule (Ruff's sections; `mlpc explain RULE` prints the same text),
 *     removing pages of rules that no longer exist;
 *   - in docs/rules/README.md, the rule table and the recall/precision of the rules over the real-world
 *     corpus (test/lint/real-world/), between their markers.
 *   npx tsx scripts/write-rule-docs.ts [ROOT]
 * test/lint/rule-pages.test.ts fails when any of these drifts from this output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../src/compiler/build/write-atomically.js';
import { CORPUS_END, CORPUS_START, corpusFigures, renderCorpusSection, runCase } from '../src/compiler/lint/corpus-figures.js';
import { RULE_PAGES_DIR, RULES_TABLE_END, RULES_TABLE_START, renderRulesTable, replaceSection, rulePage } from '../src/compiler/lint/rule-docs.js';
import { rules } from '../src/compiler/lint/rules/index.js';

const root = process.argv[2] ?? '.';
const pages = path.join(root, RULE_PAGES_DIR);
const changed: string[] = [];

async function write(file: string, text: string): Promise<void> {
  const before = await readFile(file, 'utf8').catch(() => undefined);
  if (before === text) return;
  writeFileAtomically(path.dirname(file), path.basename(file), text);
  changed.push(path.relative(root, file));
}

for (const rule of rules) await write(path.join(pages, `${rule.id}.md`), rulePage(rule));
const known = new Set(rules.map((rule) => `${rule.id}.md`));
for (const name of readdirSync(pages)) {
  if (name.endsWith('.md') && name !== 'README.md' && !known.has(name)) {
    await rm(path.join(pages, name));
    changed.push(`${path.join(RULE_PAGES_DIR, name)} (removed)`);
  }
}

const corpus = path.join(root, 'test/lint/real-world');
const results = readdirSync(corpus)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => runCase(name, readFileSync(path.join(corpus, name), 'utf8')));
const index = path.join(pages, 'README.md');
const indexText = await readFile(index, 'utf8');
await write(
  index,
  replaceSection(
    replaceSection(indexText, RULES_TABLE_START, RULES_TABLE_END, renderRulesTable(rules)),
    CORPUS_START,
    CORPUS_END,
    renderCorpusSection(corpusFigures(results)),
  ),
);
process.stdout.write(changed.length === 0 ? 'rule docs up to date\n' : `rule docs rewritten: ${changed.join(', ')}\n`);
