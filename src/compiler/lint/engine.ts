/**
 * Runs rules over one model. Each rule is isolated: one that throws becomes an internal-error
 * diagnostic naming it, and the others still run (ESLint reports a crashing rule and stops; a linter
 * for specs is more useful when one bad rule cannot hide the findings of the rest).
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { ModelIR } from '../ir/types.js';
import type { SpecSource } from '../spec/yaml-source.js';
import { renderMessage } from './message-template.js';
import type { Finding, Rule } from './rule.js';

export interface RuleSetting {
  severity: Severity | 'off';
  options?: Record<string, number>;
}

export function runRules(
  rules: readonly Rule[],
  ir: ModelIR,
  source: SpecSource,
  settings: ReadonlyMap<string, RuleSetting> = new Map(),
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const setting = settings.get(rule.id);
    const severity = setting?.severity ?? (rule.optIn ? 'off' : rule.severity);
    if (severity === 'off') continue;
    const options: Record<string, number> = {};
    for (const [name, option] of Object.entries(rule.options ?? {})) options[name] = setting?.options?.[name] ?? option.default;
    const report = ({ messageId, data, ...rest }: Finding) => {
      const template = rule.messages[messageId];
      if (template === undefined) throw new Error(`reported messageId ${messageId}, which is not in its messages`);
      diagnostics.push({ code: rule.id, severity, message: renderMessage(template, data), messageId, ...rest });
    };
    try {
      rule.check({ ir, source, options, report });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      diagnostics.push({
        code: 'internal-error',
        severity: 'error',
        message: `lint rule ${rule.id} crashed: ${reason}; the other rules ran. This is a bug in mlpc, not in your spec`,
        location: source.locateRange(0, 0),
      });
    }
  }
  return diagnostics;
}
