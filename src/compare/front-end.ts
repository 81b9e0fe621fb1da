/**
 * The front end as compare uses it (src/ir/compile.ts, src/spec/find-specs.ts, the stylish
 * formatter), injectable like the trainer so tests can substitute it.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { compileSpecText } from '../compiler/ir/compile.js';
import type { ModelIR } from '../compiler/ir/types.js';
import { findSpecFiles } from '../compiler/spec/find-specs.js';

export interface CompileOutcome {
  ir?: ModelIR;
  diagnostics: Diagnostic[];
}

export type CompileSpecText = (file: string, text: string) => CompileOutcome;
export type FindSpecFiles = (paths: string[]) => Promise<string[]>;
export type FormatDiagnostics = (diagnostics: Diagnostic[], sources: Map<string, string>) => string;

export interface FrontEnd {
  compileSpecText: CompileSpecText;
  findSpecFiles: FindSpecFiles;
  formatDiagnostics: FormatDiagnostics;
}

type FormatStylish = (diagnostics: Diagnostic[], sources: Map<string, string>, options: { color: boolean }) => string;

/** `file:line:col severity message [code]`, for when the stylish formatter is not available. */
function formatPlain(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const where = d.location ? `${d.location.file}:${d.location.line}:${d.location.column} ` : '';
      return `${where}${d.severity} ${d.message} [${d.code}]\n`;
    })
    .join('');
}

export async function loadFrontEnd(): Promise<FrontEnd> {
  // A computed specifier: the stylish formatter is another engineer's module, still being written.
  const stylishModule = '../diagnostics/formatters/stylish.js';
  const stylish = (await import(stylishModule).catch(() => undefined)) as { formatStylish?: FormatStylish } | undefined;
  const formatStylish = stylish?.formatStylish;
  return {
    compileSpecText,
    findSpecFiles,
    formatDiagnostics: (diagnostics, sources) =>
      formatStylish ? formatStylish(diagnostics, sources, { color: Boolean(process.stderr.isTTY) }) : formatPlain(diagnostics),
  };
}
