#!/usr/bin/env node
/**
 * Bundles the CLI shell and the start-up-critical commands (lint, explain, build up to its emitter, so
 * that `build --check` starts fast) into one minified CommonJS
 * file, dist/bundle/main-<hash>.cjs, that bin/mlpc.js compiles with a V8 code cache (Node 20 has no
 * compile cache for ES modules; see test/startup/README.md for the figures). Run by `npm run build:ts`
 * after tsc. Every other command's implementation stays tsc's output in dist/, imported lazily and
 * unchanged (errors cross that boundary by a registered symbol: src/compiler/errors.ts).
 * Finally one `mlpc lint` of the shipped specs writes the code cache, so the first real run is fast.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const OUT_DIR = path.join(ROOT, 'dist/bundle');
/**
 * Command implementations that go into the bundle; the others are loaded from tsc's dist/. lsp: spawn to
 * the seed's first diagnostics 118 vs 216 ms unbundled, while `mlpc lint specs` stays at 29.7 vs 29.1 ms
 * of CPU beyond node (medians of 12 and 15 interleaved runs, 2 shared EPYC cores, load average ~7-9);
 * with the code cache its first session writes at exit, 258 vs 348 ms (10 interleaved runs, load ~13).
 */
const BUNDLED_COMMANDS = new Set(['lint', 'explain', 'build', 'lsp']);
/**
 * Loaded from tsc's dist/ even by a bundled command: the emitter (ts-morph; reads src/runtime beside it),
 * and what a target's index.ts loads on demand (its script preparation: typescript, child processes).
 */
const NEVER_BUNDLED = [path.join(SRC, 'compiler/emit') + path.sep];
const TARGETS = path.join(SRC, 'targets') + path.sep;
const neverBundled = (file) =>
  NEVER_BUNDLED.some((folder) => file.startsWith(folder)) || (file.startsWith(TARGETS) && path.basename(file) !== 'index.ts');
/** Never bundled; test/startup checks that `mlpc lint` does not load them. */
const HEAVY = ['ts-morph', '@ts-morph/*', '@tensorflow/*', 'typescript'];

/** tsc's dist/ file for a src/ file, as a specifier relative to the bundle directory. */
function distSpecifier(sourceFile) {
  const relative = path.relative(SRC, sourceFile).replace(/\.ts$/, '.js');
  return path.relative(OUT_DIR, path.join(ROOT, 'dist', relative)).split(path.sep).join('/');
}

const keepUnbundled = {
  name: 'mlpc-keep-unbundled',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(SRC)) return undefined;
      const target = path.resolve(path.dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      if (args.kind === 'dynamic-import' && neverBundled(target)) {
        return { path: distSpecifier(target), external: true };
      }
      const isCommand = path.dirname(args.importer) === path.join(SRC, 'cli/commands');
      if (isCommand && args.kind === 'dynamic-import' && !BUNDLED_COMMANDS.has(path.basename(args.importer, '.ts'))) {
        return { path: distSpecifier(target), external: true };
      }
      return undefined;
    });
  },
};

/** commander requires child_process (~3 ms) at load time but only uses it for executable subcommands. */
const lazyChildProcess = {
  name: 'mlpc-lazy-child-process',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`) ? { path: 'lazy-child-process', namespace: 'mlpc' } : undefined,
    );
    pluginBuild.onLoad({ filter: /^lazy-child-process$/, namespace: 'mlpc' }, () => ({
      contents: 'let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require("node:child_process"))[key] });',
      loader: 'js',
    }));
  },
};

/**
 * Code compiled by vm.Script from a code cache loses its dynamic-import callback on Node 20
 * (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the bundle's `import("../x.js")` of tsc's modules become
 * calls of a same-length function that bin/mlpc.js supplies (source-map columns stay right).
 */
const IMPORT = '$mlpcI';
function routeDynamicImports(text, output) {
  if (text.split(IMPORT).length !== 2) throw new Error(`bundle: ${IMPORT} occurs outside the banner`);
  const expected = output.imports.filter((entry) => entry.kind === 'dynamic-import' && entry.external).length;
  let routed = 0;
  const rewritten = text.replace(/(?<![\w$.])import\((?="\.\.?\/)/g, () => {
    routed += 1;
    return `${IMPORT}(`;
  });
  const left = /(?<![\w$.])import\(/.exec(rewritten.replace(/s=>import\(s\)/, ''));
  if (routed !== expected || left) {
    const context = left ? rewritten.slice(left.index - 60, left.index + 60) : '';
    throw new Error(`bundle: routed ${routed} of ${expected} dynamic imports; left: ${context}`);
  }
  return rewritten;
}

/** Other CLIs may be starting from dist/bundle right now: never let them read a half-written file. */
function writeAtomically(file, contents, { always = false } = {}) {
  try {
    if (!always && readFileSync(file).equals(Buffer.from(contents))) return;
  } catch {
    // not there yet
  }
  writeFileSync(`${file}.${process.pid}.tmp`, contents);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

export async function bundle() {
  mkdirSync(OUT_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    entryNames: '[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    outdir: OUT_DIR,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: !process.env.MLPC_BUNDLE_NO_MINIFY, // unminified only for profiling
    minifySyntax: !process.env.MLPC_BUNDLE_NO_MINIFY,
    minifyIdentifiers: !process.env.MLPC_BUNDLE_NO_MINIFY && !process.env.MLPC_BUNDLE_KEEP_NAMES,
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: 'warning',
    external: HEAVY,
    plugins: [keepUnbundled, lazyChildProcess],
    // The sources are ES modules: strict mode, and import.meta.url of the bundle file (dist/bundle is
    // two levels below the package root; what is bundled finds files by searching upwards for mlpc's
    // package.json, as src/compiler/build/compiler-fingerprint.ts does, or from tsc's copy in dist/).
    define: { 'import.meta.url': '__mlpcImportMetaUrl', 'import.meta.filename': '__filename', 'import.meta.dirname': '__dirname' },
    banner: { js: `"use strict";var __mlpcImportMetaUrl=require("node:url").pathToFileURL(__filename).href,${IMPORT}=require.mlpcImport||(s=>import(s));` },
  });
  // Any other import.meta becomes {} in CommonJS: a silent change of behaviour, so no bundle.
  const importMeta = result.warnings.filter((warning) => warning.text.includes('import.meta'));
  if (importMeta.length > 0) throw new Error(`bundle: unsupported import.meta in ${importMeta.map((w) => w.location?.file).join(', ')}`);
  const bundleFile = Object.keys(result.metafile.outputs).find((file) => file.endsWith('.cjs'));
  for (const output of result.outputFiles) {
    const isBundle = output.path === path.join(ROOT, bundleFile);
    writeAtomically(output.path, isBundle ? routeDynamicImports(output.text, result.metafile.outputs[bundleFile]) : output.contents);
  }
  const name = path.basename(bundleFile);
  const hash = /^main-(\w+)\.cjs$/.exec(name)[1];
  writeAtomically(path.join(OUT_DIR, 'meta.json'), JSON.stringify(result.metafile));
  // Switch to the new bundle, then old bundles and their caches go (a CLI started in between and
  // missing its file falls back to dist/). Always rewritten: bin/mlpc.js trusts the bundle only
  // while the manifest is newer than tsc's dist/.
  writeAtomically(path.join(OUT_DIR, 'manifest.json'), `${JSON.stringify({ bundle: name, hash })}\n`, { always: true });
  for (const file of readdirSync(OUT_DIR)) {
    if (!file.includes(hash) && !['manifest.json', 'meta.json'].includes(file) && !file.endsWith('.tmp')) rmSync(path.join(OUT_DIR, file), { force: true });
  }
  return { bundleFile: path.join(ROOT, bundleFile), hash };
}

/** Runs `mlpc lint` of the shipped specs once with MLPC_CODE_CACHE=rebuild, which writes the code cache. */
export function warmCodeCache() {
  const specs = path.join(ROOT, 'specs');
  const args = [path.join(ROOT, 'bin/mlpc.js'), 'lint', ...(existsSync(specs) ? [specs] : [])];
  const run = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, MLPC_CODE_CACHE: 'rebuild' }, encoding: 'utf8' });
  return run.status;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { bundleFile } = await bundle();
  warmCodeCache();
  // stderr: `npm pack` runs this through `prepare`, and tools read the tarball name from its stdout.
  process.stderr.write(`bundled ${path.relative(ROOT, bundleFile)}\n`);
}
