import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { compileSpecText, type CompileResult } from '../../src/compiler/ir/compile.js';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';

export const baseSpec = readFileSync(new URL('./fixtures/base.yaml', import.meta.url), 'utf8');

/** The base spec with `from` replaced by `to` (which must occur exactly once). */
export function mutate(from: string, to: string, text = baseSpec): string {
  expect(text.split(from).length, `"${from}" must occur once`).toBe(2);
  return text.replace(from, to);
}

export function compile(text: string, file = 'spec.yaml'): CompileResult {
  return compileSpecText(file, text);
}

/** 1-based line and column of the first occurrence of `needle` (an independent way to know where a node is). */
export function positionOf(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < occurrence; i += 1) offset = text.indexOf(needle, offset + 1);
  expect(offset, `"${needle}" not found`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

export function only(diagnostics: Diagnostic[]): Diagnostic {
  expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toHaveLength(1);
  return diagnostics[0] as Diagnostic;
}
