#!/usr/bin/env node
/**
 * Starts mlpc from the bundle that scripts/bundle.mjs writes (dist/bundle/main-<hash>.cjs), compiled
 * with a V8 code cache kept beside it: `mlpc lint` then starts in well under 50 ms of CPU (figures in
 * test/startup/README.md). Node 20 cannot cache the compiled code of ES modules, hence CommonJS + vm.
 * - The cache's name carries the bundle's hash, Node's version, the architecture and the V8 flags; V8
 *   also refuses a cache made for other source or flags. A missing or refused cache only costs time:
 *   the run compiles from source and writes a fresh cache afterwards (atomically, errors ignored).
 * - --debug compiles the bundle through Node's CommonJS loader with source maps, so stacks name src/.
 * - Without a bundle, with one older than tsc's dist/ (tsc run alone after an edit), or with
 *   MLPC_NO_BUNDLE=1, it runs tsc's dist/cli/main.js: same behaviour, slower start.
 * MLPC_CODE_CACHE=off neither reads nor writes the cache; =rebuild always rewrites it;
 * MLPC_CODE_CACHE_DIR puts it elsewhere than dist/bundle/ (read-only installs, tests).
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

const BUNDLE_DIR = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
const UNBUNDLED_MAIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
/**
 * Short commands (and `build --check`) run without TurboFan: its background compiles of the YAML parser cost more CPU than
 * they save (measured CPU: lint of the shipped specs 36 vs 49 ms beyond node, of 250 specs 343 vs
 * 545 ms; only around 2,000 specs does TurboFan pay back, 2.5 vs 1.8 s, at equal wall time).
 */
const SHORT_COMMANDS = new Set(['lint', 'explain', 'help', undefined]);

/** The bundle's manifest, unless there is none or tsc's dist/ was rebuilt after it. */
function readManifest() {
  if (process.env.MLPC_NO_BUNDLE) return null;
  try {
    const manifestFile = path.join(BUNDLE_DIR, 'manifest.json');
    // tsc rewrites every file of dist/ on each run: a dist/ newer than the bundle means someone ran tsc
    // alone after editing src/, and the bundle may be stale, so the slower dist/ it is.
    if (statSync(UNBUNDLED_MAIN).mtimeMs > statSync(manifestFile).mtimeMs) return null;
    return JSON.parse(readFileSync(manifestFile, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * The bundle's require; `mlpcImport` serves its import() of tsc's modules (scripts/bundle.mjs routes them
 * here: code compiled from a code cache has no dynamic-import callback on Node 20).
 */
function requireFor(file) {
  const bundleRequire = createRequire(file);
  const fileUrl = pathToFileURL(file);
  return Object.assign((id) => bundleRequire(id), {
    resolve: bundleRequire.resolve,
    cache: bundleRequire.cache,
    mlpcImport: (specifier) => import(new URL(specifier, fileUrl).href),
  });
}

/** With --debug: Node's own CommonJS compile, which applies the bundle's source map to stacks. */
function loadWithSourceMaps(file, source) {
  process.setSourceMapsEnabled(true);
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  const require = requireFor(file);
  module.require = require;
  module._compile(source, file);
  return { exports: module.exports, afterRun: () => {} };
}

function loadWithCodeCache(file, source, cacheFile) {
  const mode = process.env.MLPC_CODE_CACHE;
  let cachedData;
  if (mode !== 'off' && mode !== 'rebuild') {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, requireFor(file), module, file, path.dirname(file));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const afterRun = () => {
    if (mode === 'off' || !stale) return;
    try {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // A read-only install just runs without a cache.
    }
  };
  return { exports: module.exports, afterRun };
}

async function runUnbundled(argv) {
  await (await import('../dist/cli/main.js')).main(argv);
}

async function runBundle(manifest, argv) {
  const file = path.join(BUNDLE_DIR, manifest.bundle);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return runUnbundled(argv); // replaced by a build running right now
  }
  const command = argv.slice(2).find((argument) => !argument.startsWith('-'));
  const short = SHORT_COMMANDS.has(command) || (command === 'build' && argv.includes('--check'));
  if (short) setFlagsFromString('--no-opt');
  const flags = short ? 'no-opt' : 'default';
  const cacheName = `${manifest.hash}-node${process.versions.node}-v8-${process.versions.v8}-${process.arch}-${flags}.cache`;
  const cacheFile = path.join(process.env.MLPC_CODE_CACHE_DIR || BUNDLE_DIR, cacheName);
  const loaded = argv.includes('--debug')
    ? loadWithSourceMaps(file, source)
    : loadWithCodeCache(file, source, cacheFile);
  await loaded.exports.main(argv);
  loaded.afterRun();
}

const manifest = readManifest();
await (manifest ? runBundle(manifest, process.argv) : runUnbundled(process.argv));
