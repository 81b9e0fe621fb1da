#!/usr/bin/env node
/**
 * Records the fingerprint of the compiler sources tsc just compiled in dist/compiler-fingerprint.json:
 * the "compiler" in every generated file's stamp (src/compiler/build/compiler-fingerprint.ts says what it
 * covers). Run by `npm run build:ts` between tsc and the bundler; uses tsc's own output, so there is one
 * definition of the fingerprint.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { computeCompilerFingerprint, FINGERPRINT_FILE } = await import(new URL('../dist/compiler/build/compiler-fingerprint.js', import.meta.url).href);
const fingerprint = computeCompilerFingerprint(ROOT);
const target = path.join(ROOT, FINGERPRINT_FILE);
writeFileSync(`${target}.${process.pid}.tmp`, `${JSON.stringify({ fingerprint })}\n`);
renameSync(`${target}.${process.pid}.tmp`, target);
