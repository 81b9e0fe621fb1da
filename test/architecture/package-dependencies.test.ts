/**
 * An installed mlpc has its `dependencies` and nothing of `devDependencies`: every package the shipped
 * code loads at run time must be a dependency (or a declared peer), or `mlpc train` from an npm install
 * fails where a clone works. Type-only imports are erased by the compiler and load nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers, sourceTree } from './import-graph.js';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative and node: specifiers → undefined. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:') || specifier.startsWith('/')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Specifiers of imports that load code: `import type …` and `export type … from` removed first. */
export function runtimeSpecifiers(text: string): string[] {
  const withoutTypeOnly = text.replace(/(?:^|\n)\s*(?:import|export)\s+type\s[^;]*?from\s+['"][^'"]+['"];?/g, '\n');
  return importSpecifiers(withoutTypeOnly);
}

describe('packages the shipped code loads', () => {
  it('the helpers see through type-only imports and sub-paths', () => {
    expect(runtimeSpecifiers("import type { A } from 'typescript';\nimport { b } from 'yaml/util';")).toEqual(['yaml/util']);
    expect(runtimeSpecifiers("import ts from 'typescript';")).toEqual(['typescript']);
    expect(packageName('@tensorflow/tfjs-core/dist/x')).toBe('@tensorflow/tfjs-core');
    expect(packageName('node:fs')).toBeUndefined();
  });

  it('are dependencies or peers, never only devDependencies', () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies ?? {})]);
    const missing: string[] = [];
    for (const [file, text] of sourceTree(root)) {
      for (const specifier of runtimeSpecifiers(text)) {
        const name = packageName(specifier);
        // Import statements that code generators write into strings (a template's `${specifier}`) load nothing here.
        if (name !== undefined && !name.includes('${') && !declared.has(name)) missing.push(`${file} imports ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
