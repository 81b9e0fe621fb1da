/**
 * The complete specs that rule docs show as "Example" and "Use instead" (Ruff's docs examples are
 * real code; ours are real specs, linted by test/lint/rule-docs-examples.test.ts). One shape for
 * all rules, so a reader sees only what differs.
 */
export interface ExampleSpec {
  /** The `data` mapping, flow style. */
  data?: string;
  /** `model.input`. */
  input?: string;
  /** One flow mapping (or a commented line) per layer. */
  layers: string[];
  /** Top-level sections after the model (regularization, constraints), as YAML lines. */
  after?: string;
  /** The `training` mapping, flow style. */
  training?: string;
}

export const EXAMPLE_TRAINING = '{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, epochs: 10}';

/** The `after` of most examples with a penalty: L2 on every kernel, at the question's λ. */
export const KERNEL_L2 = 'regularization:\n  - {params: "*.kernel", l2: 0.0005}';

export function exampleSpec(spec: ExampleSpec): string {
  return [
    'mlpc: 1',
    'name: example',
    `data: ${spec.data ?? '{source: mnist, train: 1000}'}`,
    'model:',
    `  input: ${spec.input ?? '[784]'}`,
    '  layers:',
    ...spec.layers.map((layer) => `    - ${layer}`),
    ...(spec.after ? [spec.after] : []),
    `training: ${spec.training ?? EXAMPLE_TRAINING}`,
  ].join('\n');
}
