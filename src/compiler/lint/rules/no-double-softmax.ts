import type { Rule } from '../rule.js';
import { removeItem, replaceScalar } from '../yaml-edits.js';
import { exampleSpec } from '../example-spec.js';
import { isWeighted } from '../layer-roles.js';

const SQUASH_OF_LOSS = { softmax_cross_entropy: 'softmax', sigmoid_cross_entropy: 'sigmoid', binary_cross_entropy: 'sigmoid' } as const;

const spec = (output: string) => exampleSpec({ layers: ['{type: dense, units: 1024, activation: relu}', output] });

export const noDoubleSoftmax: Rule = {
  id: 'no-double-softmax',
  severity: 'error',
  fixable: true,
  messages: {
    activationLayer: 'activation layer {{layer}} applies {{squash}} to the output, and {{loss}} applies it again to what it takes as logits',
    layerActivation: '{{layer}} has activation {{squash}}, and {{loss}} applies {{squash}} again to what it takes as logits',
  },
  docs: {
    summary: 'A softmax (or sigmoid) on the output when the loss already applies it to logits.',
    rationale: "softmax_cross_entropy and sigmoid_cross_entropy take logits; squashing twice flattens the predictions into a narrow band, so gradients vanish and the loss's minimum moves.",
    whatItDoes:
      'Flags `activation: softmax` on the last layer (or a trailing activation layer) with softmax_cross_entropy, and `activation: sigmoid` with sigmoid_cross_entropy.',
    whyIsThisBad:
      'mlpc\'s cross-entropy losses are computed from logits, like tf.nn.softmax_cross_entropy_with_logits. A softmax ' +
      'before them makes the loss softmax(softmax(z)): its inputs lie in [0, 1], so the predicted distribution can never ' +
      'be more peaked than e/(e + C - 1) (0.23 for 10 classes), the loss cannot approach 0 and its gradients shrink. ' +
      'Training still runs, which is why this mistake survives.',
    example: spec('{type: dense, name: out, units: 10, activation: softmax}'),
    useInstead: spec('{type: dense, name: out, units: 10}   # logits'),
    fixSafety: 'Safe: removes the activation (the loss applies it); predictions are still reported as probabilities.',
    references: [
      { title: 'TensorFlow, tf.nn.softmax_cross_entropy_with_logits', url: 'https://www.tensorflow.org/api_docs/python/tf/nn/softmax_cross_entropy_with_logits' },
    ],
  },
  check({ ir, source, report }) {
    const loss = ir.training.loss;
    if (loss === 'mean_squared_error' || loss === 'mean_absolute_error' || loss === 'huber') return;
    const squash = SQUASH_OF_LOSS[loss];
    for (let index = ir.layers.length - 1; index >= 0; index -= 1) {
      const layer = ir.layers[index]!;
      if (layer.type === 'dropout' || layer.type === 'flatten') continue;
      if (layer.type === 'activation' && layer.activation === squash) {
        const edit = removeItem(source, layer.ref.path);
        report({
          messageId: 'activationLayer',
          data: { layer: layer.name, squash, loss },
          location: layer.ref.location,
          related: [{ message: `the loss is ${loss} (from logits)`, location: source.locate(['training', 'loss']) }],
          fix: edit && { description: `Remove activation layer ${layer.name}`, edits: [edit], safe: true },
        });
      } else if (isWeighted(layer) && layer.activation === squash) {
        const path = [...layer.ref.path, 'activation'];
        const edit = removeItem(source, path) ?? replaceScalar(source, path, 'linear');
        report({
          messageId: 'layerActivation',
          data: { layer: layer.name, squash, loss },
          location: source.locate(path),
          related: [{ message: `the loss is ${loss} (from logits)`, location: source.locate(['training', 'loss']) }],
          fix: edit && { description: `Remove activation: ${squash} from ${layer.name}`, edits: [edit], safe: true },
        });
      }
      return;
    }
  },
};
