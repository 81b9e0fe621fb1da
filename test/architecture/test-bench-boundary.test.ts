/** bench/ is the product's benchmark and test/ the product's tests: neither imports the other. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from './import-graph.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every import of a file under `folder` that resolves into `forbidden`. */
function crossings(folder: string, forbidden: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|mts|mjs|js)$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = path.relative(ROOT, path.resolve(path.dirname(file), specifier)).split(path.sep).join('/');
      if (target === forbidden || target.startsWith(`${forbidden}/`)) found.push(`${path.relative(ROOT, file)} imports ${specifier}`);
    }
  }
  return found;
}

describe('test/ and bench/ stay apart', () => {
  it('nothing in test/ imports bench/, nothing in bench/ imports test/', () => {
    expect(crossings('test', 'bench')).toEqual([]);
    expect(crossings('bench', 'test')).toEqual([]);
  });

  it('would see a crossing (positive control: bench/test imports bench/lib)', () => {
    expect(crossings('bench/test', 'bench/lib').length).toBeGreaterThan(0);
  });
});
