/**
 * The front end as compare uses it (src/compiler/ir/compile.ts, src/compiler/spec/find-specs.ts, the
 * stylish formatter), injectable like the trainer so tests can substitute it.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { compileSpecText } from '../compiler/ir/compile.js';
import type { ModelIR } from '../compiler/ir/types.js';
import { formatStylish } from '../compiler/diagnostics/formatters/stylish.js';
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

/** `color`: decided by the CLI's colour policy (src/cli/color.ts) for stderr. */
export function loadFrontEnd(options: { color: boolean }): FrontEnd {
  return {
    compileSpecText,
    findSpecFiles,
    formatDiagnostics: (diagnostics, sources) => formatStylish(diagnostics, sources, { color: options.color }),
  };
}
