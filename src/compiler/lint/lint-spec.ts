/** One spec text, compiled then linted: the unit `mlpc lint` and `--fix` work on. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compileSpecText } from '../ir/compile.js';
import type { SpecSource } from '../spec/yaml-source.js';
import type { LintConfig } from './config.js';
import { lintModel } from './lint-model.js';

export interface SpecLintResult {
  /** The spec is not valid: its diagnostics are the front end's, and no rule ran. */
  invalid: boolean;
  source?: SpecSource;
  diagnostics: Diagnostic[];
}

export function lintSpecText(file: string, text: string, config: LintConfig): SpecLintResult {
  const compiled = compileSpecText(file, text);
  if (!compiled.ir || !compiled.source) return { invalid: true, source: compiled.source, diagnostics: compiled.diagnostics };
  return { invalid: false, source: compiled.source, diagnostics: [...compiled.diagnostics, ...lintModel(compiled.ir, compiled.source, config)] };
}

/** Errors that make the spec invalid (as opposed to lint findings), to check that a fix never adds one. */
export function frontEndErrorCount(result: SpecLintResult): number {
  return result.invalid ? result.diagnostics.filter((d) => d.severity === 'error').length : 0;
}
