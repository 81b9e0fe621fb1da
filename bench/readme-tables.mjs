/** Prints bench/results.json (or the file given) as the Markdown tables of docs/performance.md's bench section. */
import { readFileSync } from 'node:fs';
import { markdownTables } from './lib/markdown.mjs';

const file = process.argv[2] ?? new URL('./results.json', import.meta.url);
process.stdout.write(`${markdownTables(JSON.parse(readFileSync(file, 'utf8')))}\n`);
