/**
 * The lint API used by `mlpc lint` and `mlpc build`: rules over one compiled model, severities and
 * options from mlpc.config.yaml, then inline disable directives.
 */
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ModelIR } from '../ir/types.js';
import type { SpecSource } from '../spec/yaml-source.js';
import { DEFAULT_LINT_CONFIG } from './config.js';
import type { LintConfig } from './config.js';
import { applyDirectives } from './disable-comments.js';
import { runRules } from './engine.js';
import { rules } from './rules/index.js';

export type { LintConfig } from './config.js';
export { loadLintConfig } from './config.js';

export function lintModel(ir: ModelIR, source: SpecSource, config: LintConfig = DEFAULT_LINT_CONFIG): Diagnostic[] {
  const findings = runRules(rules, ir, source, config.rules);
  const knownRuleIds = rules.map((rule) => rule.id);
  return applyDirectives(findings, source, { knownRuleIds, unusedSeverity: config.unusedDisableDirectives }).sort(compareDiagnostics);
}
