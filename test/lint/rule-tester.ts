/**
 * A RuleTester in typescript-eslint's shape: `valid` spec snippets must raise nothing from the rule,
 * `invalid` ones exactly the listed findings (rule, line, column), and, when given, `output` is the
 * text after applying the findings' safe fixes.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/compiler/diagnostics/diagnostic.js';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import { DEFAULT_LINT_CONFIG } from '../../src/compiler/lint/config.js';
import type { LintConfig } from '../../src/compiler/lint/config.js';
import { lintModel } from '../../src/compiler/lint/lint-model.js';
import { renderMessage } from '../../src/compiler/lint/message-template.js';
import { findRule } from '../../src/compiler/lint/rules/index.js';
import { applyEdits } from '../../src/compiler/lint/yaml-edits.js';

/** Lines 1-4 of every snippet; the snippet's own text starts on line 5. */
export const HEAD = 'mlpc: 1\nname: t\ndata: {source: synthetic, examples: 300, features: 8, classes: 3, train: 200}\n';
export const SGD = 'training: {loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: 32, steps: 10}\n';

export function spec(body: string, training = SGD): string {
  return HEAD + training + body;
}

export function lintText(text: string, config: LintConfig = DEFAULT_LINT_CONFIG): Diagnostic[] {
  const compiled = compileSpecText('spec.yaml', text);
  if (!compiled.ir || !compiled.source) {
    throw new Error(`snippet does not compile:\n${compiled.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`).join('\n')}\n${text}`);
  }
  return lintModel(compiled.ir, compiled.source, config);
}

export interface ExpectedFinding {
  /** Which of the rule's messages (typescript-eslint's messageId). */
  messageId: string;
  line: number;
  column: number;
  /**
   * As in ESLint's RuleTester: every placeholder's value; the message must equal the rule's template
   * rendered with them (this is where a case pins the numbers).
   */
  data?: Record<string, string | number>;
}

/** The rule under test is on at its severity (an opt-in rule too), with these option values. */
function configFor(ruleId: string, options?: Record<string, number>): LintConfig {
  const rule = findRule(ruleId)!;
  return { ...DEFAULT_LINT_CONFIG, rules: new Map([[ruleId, { severity: rule.severity, ...(options ? { options } : {}) }]]) };
}

export interface InvalidCase {
  name: string;
  /** Rule options (as `rule-id: [severity, {...}]` in mlpc.config.yaml). */
  options?: Record<string, number>;
  code: string;
  errors: ExpectedFinding[];
  /** The text after --fix's safe fixes for this rule, when it has any. */
  output?: string;
}

export interface ValidCase {
  name: string;
  options?: Record<string, number>;
  code: string;
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(ruleId, () => {
    for (const valid of cases.valid) {
      it(`valid: ${valid.name}`, () => {
        const found = lintText(valid.code, configFor(ruleId, valid.options)).filter((d) => d.code === ruleId);
        expect(found.map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`)).toEqual([]);
      });
    }
    for (const invalid of cases.invalid) {
      it(`invalid: ${invalid.name}`, () => {
        const found = lintText(invalid.code, configFor(ruleId, invalid.options)).filter((d) => d.code === ruleId);
        expect(found.map((d) => ({ messageId: d.messageId, line: d.location?.line, column: d.location?.column }))).toEqual(
          invalid.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column })),
        );
        invalid.errors.forEach((expected, index) => {
          if (expected.data === undefined) return;
          const template = findRule(ruleId)!.messages[expected.messageId]!;
          expect(found[index]!.message).toBe(renderMessage(template, expected.data));
        });
        if (invalid.output !== undefined) {
          const edits = found.flatMap((d) => (d.fix?.safe ? d.fix.edits : []));
          const fixed = applyEdits(invalid.code, edits);
          expect(fixed).toBe(invalid.output);
          expect(lintText(fixed, configFor(ruleId, invalid.options)).filter((d) => d.code === ruleId)).toEqual([]);
        }
      });
    }
  });
}
