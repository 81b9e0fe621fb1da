/**
 * Regenerates the README's rule table from the rule modules:
 *   npx tsx src/compiler/lint/write-readme-table.ts [README.md]
 * test/lint/readme-table.test.ts fails when the committed table drifts from this output.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { replaceRulesSection } from './rule-docs.js';
import { rules } from './rules/index.js';

const file = process.argv[2] ?? 'README.md';
const before = await readFile(file, 'utf8');
const after = replaceRulesSection(before, rules);
if (after !== before) await writeFile(file, after);
process.stdout.write(after === before ? `${file}: rule table up to date\n` : `${file}: rule table rewritten\n`);
