#!/usr/bin/env node
/**
 * Bundles the CLI shell and the start-up-critical commands (lint, explain) into dist/bundle/ so that
 * `mlpc lint` loads a few minified files instead of ~100 modules. Run by `npm run build:ts` after tsc.
 * Every other command's implementation stays the tsc output in dist/ (imported lazily, unchanged);
 * src/cli/action.ts stays external too, so UsageError is one class for bundled and unbundled code.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
export const OUT_DIR = path.join(ROOT, 'dist/bundle');
/** Command implementations that go into the bundle; the others are loaded from tsc's dist/. */
const BUNDLED_COMMANDS = new Set(['lint', 'explain']);
/** Never bundled (and never loaded by lint): test/startup checks the bundle does not reach them. */
const HEAVY = ['ts-morph', '@ts-morph/*', '@tensorflow/*', 'typescript'];

/** The dist/ file tsc emits for a src/ file, as a specifier relative to the bundle directory. */
function distSpecifier(sourceFile) {
  const relative = path.relative(SRC, sourceFile).replace(/\.ts$/, '.js');
  return path.relative(OUT_DIR, path.join(ROOT, 'dist', relative)).split(path.sep).join('/');
}

function resolveSource(importer, specifier) {
  return path.resolve(path.dirname(importer), specifier).replace(/\.js$/, '.ts');
}

const keepUnbundled = {
  name: 'mlpc-keep-unbundled',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(SRC)) return undefined;
      const target = resolveSource(args.importer, args.path);
      if (target === path.join(SRC, 'cli/action.ts')) return { path: distSpecifier(target), external: true };
      const isCommand = path.dirname(args.importer) === path.join(SRC, 'cli/commands');
      const command = path.basename(args.importer, '.ts');
      if (isCommand && args.kind === 'dynamic-import' && !BUNDLED_COMMANDS.has(command)) {
        return { path: distSpecifier(target), external: true };
      }
      return undefined;
    });
  },
};

export async function bundle({ write = true } = {}) {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: OUT_DIR,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: false,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
    external: HEAVY,
    plugins: [keepUnbundled],
    write,
    // Bundled CommonJS packages (yaml, commander) require() Node built-ins; ESM output has no require.
    banner: { js: 'import{createRequire as __mlpcCreateRequire}from"node:module";const require=__mlpcCreateRequire(import.meta.url);' },
  });
  writeFileSync(path.join(OUT_DIR, 'meta.json'), JSON.stringify(result.metafile));
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundle();
