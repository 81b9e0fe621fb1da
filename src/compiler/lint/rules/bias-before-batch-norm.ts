import type { Rule } from '../rule.js';
import { batchNormPaper } from '../references.js';
import { exampleSpec } from '../example-spec.js';
import { isWeighted } from '../layer-roles.js';

export const biasBeforeBatchNorm: Rule = {
  id: 'bias-before-batch-norm',
  severity: 'info',
  fixable: false,
  messages: {
    biasCancelled: "{{layer}}'s bias is cancelled by batch_norm {{norm}}, which subtracts the batch mean right after it",
  },
  docs: {
    summary: 'A dense, conv2d or conv1d layer with a bias and no activation, feeding batch_norm directly.',
    rationale: "batch_norm subtracts the batch mean, which cancels any bias added before it; its beta plays the bias's role (Ioffe & Szegedy 2015).",
    whatItDoes: 'Flags a dense/conv2d/conv1d layer with use_bias true and activation linear whose next layer is batch_norm.',
    whyIsThisBad:
      'Normalization computes (x - mean)/std per unit over the batch; a constant bias b shifts x and mean alike and ' +
      'disappears. It still costs parameters, memory and gradient computation, and any regularizer on it acts on nothing useful.',
    example: exampleSpec({ input: '[28, 28, 1]', layers: ['{type: conv2d, filters: 32, kernel_size: 3}', '{type: batch_norm}', '{type: activation, activation: relu}', '{type: flatten}', '{type: dense, units: 10}'] }),
    useInstead: exampleSpec({ input: '[28, 28, 1]', layers: ['{type: conv2d, filters: 32, kernel_size: 3, use_bias: false}', '{type: batch_norm}', '{type: activation, activation: relu}', '{type: flatten}', '{type: dense, units: 10}'] }),
    fixSafety: 'No fix.',
    references: [batchNormPaper('§3.2')],
  },
  check({ ir, report }) {
    for (const layer of ir.layers) {
      if (!isWeighted(layer) || !layer.useBias || layer.activation !== 'linear') continue;
      const next = ir.layers[layer.index + 1];
      if (next?.type !== 'batch_norm') continue;
      report({
        messageId: 'biasCancelled',
        data: { layer: layer.name, norm: next.name },
        location: layer.ref.location,
        related: [{ message: `batch_norm ${next.name} (its beta is the shift)`, location: next.ref.location }],
        hint: 'Set use_bias: false on the layer before batch_norm.',
      });
    }
  },
};
