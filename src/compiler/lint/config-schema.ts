/**
 * The JSON Schema of mlpc.config.yaml, built from the rule registry so that rule ids and their options
 * can never drift from the rules. `mlpc.config.yaml`:
 *   rules:
 *     no-bias-regularization: off
 *     init-scale: error
 *     regularization-dominates-loss: [warning, {ratio: 100}]
 *   report_unused_disable_directives: warning
 *   targets: [typescript, pytorch]     # what `mlpc build` emits (default: typescript)
 */
import type { Rule } from './rule.js';

export const SEVERITY_WORDS = ['off', 'info', 'warning', 'error'] as const;
/** The shipped targets' names (src/targets/registry.ts; test/architecture checks that they agree). */
export const CONFIG_TARGETS = ['typescript', 'pytorch'] as const;

export function lintConfigSchema(rules: readonly Rule[]): Record<string, unknown> {
  const ruleSettings = Object.fromEntries(
    rules.map((rule) => {
      const options = Object.fromEntries(
        Object.entries(rule.options ?? {}).map(([name, option]) => [
          name,
          { type: 'number', description: option.description, ...(option.minimum !== undefined ? { minimum: option.minimum } : {}) },
        ]),
      );
      return [
        rule.id,
        {
          description: rule.docs.summary,
          if: { type: 'string' },
          then: { enum: SEVERITY_WORDS },
          else: {
            type: 'array',
            minItems: 1,
            items: [{ enum: SEVERITY_WORDS }, { type: 'object', additionalProperties: false, properties: options }],
            additionalItems: false,
          },
        },
      ];
    }),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://mlpc.dev/schema/v1/mlpc-config.schema.json',
    title: 'mlpc.config.yaml: lint rule severities and options',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: { type: 'object', additionalProperties: false, properties: ruleSettings },
      report_unused_disable_directives: { enum: SEVERITY_WORDS },
      targets: {
        description: 'what `mlpc build` emits for the specs under this config (default: [typescript]); `--target` overrides it',
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { enum: CONFIG_TARGETS },
      },
    },
  };
}
