/**
 * Developer tool (not part of the package): regenerates the README's generated lint sections: the rule
 * table from the rule modules, and the recall/precision of the rules over the real-world corpus
 * (test/lint/real-world/):
 *   npx tsx scripts/write-readme-table.ts [README.md]
 * test/lint/readme-table.test.ts fails when either committed section drifts from this output.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { corpusFigures, replaceCorpusSection, runCase } from '../src/compiler/lint/corpus-figures.js';
import { replaceRulesSection } from '../src/compiler/lint/rule-docs.js';
import { rules } from '../src/compiler/lint/rules/index.js';

const file = process.argv[2] ?? 'README.md';
const corpus = path.join(path.dirname(file), 'test/lint/real-world');
const results = readdirSync(corpus)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => runCase(name, readFileSync(path.join(corpus, name), 'utf8')));
const before = await readFile(file, 'utf8');
const after = replaceCorpusSection(replaceRulesSection(before, rules), corpusFigures(results));
if (after !== before) await writeFile(file, after);
process.stdout.write(after === before ? `${file}: lint sections up to date\n` : `${file}: lint sections rewritten\n`);
