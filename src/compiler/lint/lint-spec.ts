/** One spec text, compiled then linted: the unit `mlpc lint` and `--fix` work on. */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { compileSpecText } from '../ir/compile.js';
import type { LoweredModel } from '../ir/compile.js';
import type { ModelIR } from '../ir/types.js';
import type { SpecSource } from '../spec/yaml-source.js';
import type { LintConfig } from './config.js';
import { lintModel } from './lint-model.js';

export interface SpecLintResult {
  /** The spec is not valid: its diagnostics are the front end's, and no rule ran. */
  invalid: boolean;
  source?: SpecSource;
  diagnostics: Diagnostic[];
  /** The compiled model, when the spec is valid. */
  ir?: ModelIR;
  /** The layers and parameter table whenever the layers lowered (see CompileResult.model). */
  model?: LoweredModel;
}

export function lintSpecText(file: string, text: string, config: LintConfig): SpecLintResult {
  const compiled = compileSpecText(file, text);
  const { ir, source, model } = compiled;
  if (!ir || !source) return { invalid: true, source, diagnostics: compiled.diagnostics, model };
  return { invalid: false, source, diagnostics: [...compiled.diagnostics, ...lintModel(ir, source, config)], ir, model };
}

/** Errors that make the spec invalid (as opposed to lint findings), to check that a fix never adds one. */
export function frontEndErrorCount(result: SpecLintResult): number {
  return result.invalid ? result.diagnostics.filter((d) => d.severity === 'error').length : 0;
}
