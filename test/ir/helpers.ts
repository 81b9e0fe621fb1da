import { expect } from 'vitest';
import { compileSpecText } from '../../src/compiler/ir/compile.js';
import type { ModelIR } from '../../src/compiler/ir/types.js';

export interface SpecParts {
  input?: string;
  layers: string[];
  regularization?: string[];
  constraints?: string[];
  optimizer?: string;
  training?: string[];
  data?: string[];
}

/** A spec text from parts; `layers` etc. are flow mappings, one a line. */
export function specText(parts: SpecParts): string {
  const lines = [
    'mlpc: 1',
    'name: test',
    'data:',
    ...(parts.data ?? ['  source: mnist', '  train: 100', '  validation: 10', '  test: 10']),
    'model:',
    `  input: ${parts.input ?? '[784]'}`,
    '  layers:',
    ...parts.layers.map((layer) => `    - ${layer}`),
  ];
  if (parts.regularization) lines.push('regularization:', ...parts.regularization.map((rule) => `  - ${rule}`));
  if (parts.constraints) lines.push('constraints:', ...parts.constraints.map((rule) => `  - ${rule}`));
  lines.push(
    'training:',
    '  loss: softmax_cross_entropy',
    `  optimizer: ${parts.optimizer ?? '{type: sgd, learning_rate: 0.1}'}`,
    ...(parts.training ?? ['  steps: 10']),
  );
  return `${lines.join('\n')}\n`;
}

export function lower(parts: SpecParts): ModelIR {
  const result = compileSpecText('test.yaml', specText(parts));
  expect(result.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.code} ${d.message}`)).toEqual([]);
  return result.ir as ModelIR;
}

export function errorsOf(parts: SpecParts) {
  const text = specText(parts);
  const result = compileSpecText('test.yaml', text);
  expect(result.ir).toBeUndefined();
  return { text, diagnostics: result.diagnostics };
}
