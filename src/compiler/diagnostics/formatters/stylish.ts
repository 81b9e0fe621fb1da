/**
 * Terminal output: `path:line:col severity message [code]` (clickable in editors and terminals),
 * a code frame under each error, hints and related locations indented below, then a summary.
 */
import { createRequire } from 'node:module';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';
import { compareDiagnostics } from '../diagnostic.js';

export interface StylishOptions {
  color: boolean;
}

const ANSI = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
type Style = keyof typeof ANSI;

function painter(color: boolean): (style: Style, text: string) => string {
  return color ? (style, text) => `\u001b[${ANSI[style]}m${text}\u001b[0m` : (_style, text) => text;
}

const SEVERITY_STYLE = { error: 'red', warning: 'yellow', info: 'cyan' } as const;

function position(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

type CodeFrameModule = typeof import('@babel/code-frame');
let codeFrameModule: CodeFrameModule | undefined;

/** Loaded on the first error only: @babel/code-frame costs 10-20 ms to load, which clean `mlpc lint` runs need not pay. */
function loadCodeFrame(): CodeFrameModule {
  codeFrameModule ??= createRequire(import.meta.url)('@babel/code-frame') as CodeFrameModule;
  return codeFrameModule;
}

function codeFrame(location: SourceLocation, text: string): string {
  const { codeFrameColumns } = loadCodeFrame();
  const sameLine = location.endLine === location.line;
  const end = sameLine && location.endColumn > location.column ? { line: location.endLine, column: location.endColumn } : undefined;
  const frame = codeFrameColumns(text, { start: { line: location.line, column: location.column }, ...(end ? { end } : {}) }, {
    highlightCode: false,
    linesAbove: 1,
    linesBelow: 1,
  });
  return frame
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatStylish(diagnostics: readonly Diagnostic[], sources: Map<string, string>, options: StylishOptions): string {
  if (diagnostics.length === 0) return '';
  const paint = painter(options.color);
  const sorted = [...diagnostics].sort(compareDiagnostics);
  const blocks: string[] = [];
  for (const diagnostic of sorted) {
    const where = diagnostic.location ? position(diagnostic.location) : 'mlpc';
    const lines = [
      `${paint('bold', where)} ${paint(SEVERITY_STYLE[diagnostic.severity], diagnostic.severity)} ${diagnostic.message} ${paint('dim', `[${diagnostic.code}]`)}`,
    ];
    const text = diagnostic.location ? sources.get(diagnostic.location.file) : undefined;
    if (diagnostic.severity === 'error' && diagnostic.location && text !== undefined) lines.push(codeFrame(diagnostic.location, text));
    if (diagnostic.hint) lines.push(`    ${paint('cyan', 'hint:')} ${diagnostic.hint}`);
    for (const related of diagnostic.related ?? []) lines.push(`    ${paint('dim', `${position(related.location)}: ${related.message}`)}`);
    if (diagnostic.fix) lines.push(`    ${paint('dim', `fix${diagnostic.fix.safe ? ' (mlpc lint --fix)' : ' (suggested)'}: ${diagnostic.fix.description}`)}`);
    blocks.push(lines.join('\n'));
  }
  const errors = sorted.filter((d) => d.severity === 'error').length;
  const warnings = sorted.filter((d) => d.severity === 'warning').length;
  const infos = sorted.length - errors - warnings;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos ? [plural(infos, 'info')] : [])].join(', ');
  const fixable = sorted.filter((d) => d.fix?.safe).length;
  const summary = [`${errors ? '✖' : '⚠'} ${plural(sorted.length, 'problem')} (${counts})`];
  if (fixable) summary.push(`  ${plural(fixable, 'problem')} fixable with \`mlpc lint --fix\``);
  const style = errors ? 'red' : 'yellow';
  return `${blocks.join('\n\n')}\n\n${paint(style, summary.join('\n'))}\n`;
}
