/**
 * The tree's layers and which way imports may point (../shared/design/style.md, "The tree shows who runs
 * the code"). A layer is the longest matching folder prefix; each may import itself and what it lists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Layer {
  prefix: string;
  /** Other layers this one may import (by prefix). */
  mayImport: readonly string[];
  /** Packages allowed beyond node:* ; undefined means any package. */
  packages?: RegExp;
}

/**
 * The one atomic write: generated scripts need it standalone, so it lives in the runtime (node:fs only)
 * and the layers that write files import it from there, and nothing else of the runtime.
 */
const replaceFileModule = 'src/runtime/replace-file.ts';

export const LAYERS: readonly Layer[] = [
  { prefix: 'src/cli/', mayImport: ['src/compiler/', 'src/targets/', 'src/train/', 'src/compare/', 'src/lsp/'] },
  // The language server is a layer over the compiler (Ruff's ruff_server): no CLI, and only its protocol
  // library and yaml among packages, so it can never load TensorFlow.js, ts-morph or typescript. It asks
  // the target registry what the config's targets cannot express (a target loads its printer lazily).
  { prefix: 'src/lsp/', mayImport: ['src/compiler/', 'src/targets/'], packages: /^(vscode-languageserver|vscode-languageserver-textdocument|yaml)$/ },
  { prefix: 'src/compare/', mayImport: ['src/train/', 'src/targets/', 'src/compiler/', replaceFileModule] },
  // train reads what generated scripts write: the metrics record's type is the runtime's.
  { prefix: 'src/train/', mayImport: ['src/targets/', 'src/compiler/', 'src/runtime/metrics-log.ts', replaceFileModule] },
  // Each target's folder: its printer adapters, runtime files and how its scripts run (over the compiler).
  { prefix: 'src/targets/', mayImport: ['src/compiler/', replaceFileModule] },
  { prefix: 'src/compiler/diagnostics/', mayImport: ['src/compiler/errors.ts'] },
  // runtime/shared/: pure functions both sides run (window geometry, the layer list and its topology).
  { prefix: 'src/compiler/', mayImport: ['src/compiler/diagnostics/', 'src/runtime/shared/', replaceFileModule] },
  // Generated scripts run this code: TensorFlow.js and Node's standard library only, nothing of ours.
  { prefix: 'src/runtime/', mayImport: ['src/runtime/shared/'], packages: /^@tensorflow\/tfjs(-backend-wasm|-node)?$/ },
  // Imported by the compiler too, so it imports nothing: no TensorFlow.js, nothing else of ours.
  { prefix: 'src/runtime/shared/', mayImport: [], packages: /^$/ },
];

export function layerOf(file: string): Layer | undefined {
  return LAYERS.filter((layer) => file.startsWith(layer.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
}

const IMPORT = /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^\w$.])import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** Every static and literal dynamic import specifier in a TypeScript source text. */
export function importSpecifiers(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  return [...withoutComments.matchAll(IMPORT)].map((match) => match[1] ?? match[2]);
}

export interface Violation {
  file: string;
  specifier: string;
  why: string;
}

/** Checks files (repository-relative paths under src/ → source text) against LAYERS. */
export function checkImports(files: ReadonlyMap<string, string>): Violation[] {
  const violations: Violation[] = [];
  for (const [file, text] of files) {
    const layer = layerOf(file);
    if (!layer) continue;
    for (const specifier of importSpecifiers(text)) {
      if (specifier.startsWith('.')) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
        const targetLayer = layerOf(target);
        if (!targetLayer || targetLayer === layer) continue;
        const allowed = layer.mayImport.some((prefix) => target.startsWith(prefix));
        if (!allowed) violations.push({ file, specifier, why: `${layer.prefix} may not import ${targetLayer.prefix}` });
      } else if (!specifier.startsWith('node:') && layer.packages && !layer.packages.test(specifier)) {
        violations.push({ file, specifier, why: `${layer.prefix} may import only node:* and ${layer.packages.source}` });
      }
    }
  }
  return violations;
}

/** Every .ts/.mts file under src/, by repository-relative path with forward slashes. */
export function sourceTree(root: string = path.resolve(import.meta.dirname, '../..')): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|mts)$/.test(entry.name)) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, absolute).split(path.sep).join('/'), readFileSync(absolute, 'utf8'));
  }
  return files;
}
