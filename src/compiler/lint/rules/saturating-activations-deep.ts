import { effectiveActivation } from '../init-stats.js';
import { isWeighted, outputLayer } from '../layer-roles.js';
import type { WeightedLayer } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { batchNormPaper, glorotInitialization } from '../references.js';
import { exampleSpec } from '../example-spec.js';

const SATURATING = new Set(['sigmoid', 'tanh']);

const spec = (activation: string) =>
  exampleSpec({ layers: [...Array.from({ length: 3 }, () => `{type: dense, units: 500, activation: ${activation}}`), '{type: dense, units: 10}'] });

export const saturatingActivationsDeep: Rule = {
  id: 'saturating-activations-deep',
  severity: 'warning',
  fixable: false,
  options: {
    depth: { default: 3, minimum: 2, description: 'report runs of at least this many consecutive sigmoid/tanh hidden layers' },
  },
  messages: {
    deepRun:
      '{{count}} consecutive hidden layers with saturating activations ({{layers}}) and no batch_norm between them: ' +
      "each multiplies the backpropagated gradient by its activation's derivative ({{bound}})",
  },
  docs: {
    summary: 'Three or more consecutive hidden dense/conv2d/conv1d layers with sigmoid or tanh and no batch_norm between them.',
    rationale:
      'Each saturating unit multiplies the backpropagated gradient by its derivative (at most 0.25 for sigmoid), so the first layers of a deep sigmoid/tanh stack barely learn (Glorot & Bengio 2010).',
    whatItDoes:
      'Walks the hidden layers with weights (all but the output layer) and reports a run of at least `depth` (3) consecutive ones whose ' +
      'activation, or the activation layer right after them, is sigmoid or tanh. batch_norm between two of them ends the run; dropout, ' +
      'flatten and pooling do not. The finding points at the first layer of the run.',
    whyIsThisBad:
      'Backpropagation multiplies the error signal by f\'(z) at every layer. The sigmoid\'s derivative is at most 0.25 and is near 0 ' +
      'wherever the unit saturates; tanh\'s is at most 1 and small once saturated. Glorot & Bengio (2010) show sigmoid networks of ' +
      'four or five layers pushing their top hidden layer into saturation and learning slowly; after four sigmoid layers the signal ' +
      'is at most 1/256 of its size. ReLU-family activations (derivative 1 where active), or batch_norm, which keeps pre-activations ' +
      'out of the saturated range, avoid it.',
    example: spec('sigmoid'),
    useInstead: spec('relu, kernel_init: he_normal'),
    fixSafety: 'No fix: changing activations changes the model.',
    references: [
      glorotInitialization,
      { title: 'AI Stack Exchange 16557: four hidden sigmoid layers of 500 units do not learn', url: 'https://ai.stackexchange.com/questions/16557/what-could-be-the-problem-when-a-neural-network-with-four-hidden-layers-with-the' },
      batchNormPaper('§1 (saturating nonlinearities)'),
    ],
  },
  check({ ir, options, report }) {
    const depth = options.depth ?? 3;
    const output = outputLayer(ir);
    let run: WeightedLayer[] = [];
    const flush = () => {
      if (run.length >= depth) {
        const sigmoid = run.some((layer) => effectiveActivation(ir, layer) === 'sigmoid');
        report({
          messageId: 'deepRun',
          data: {
            count: run.length,
            layers: run.map((layer) => `${layer.name} ${effectiveActivation(ir, layer)}`).join(', '),
            bound: sigmoid
              ? `at most 0.25 for sigmoid: at most 1/${4 ** run.length} of the signal is left after ${run.length} such layers`
              : 'at most 1 for tanh and near 0 wherever a unit saturates',
          },
          location: run[0]!.ref.location,
          related: run.slice(1).map((layer) => ({ message: `${layer.name} (${effectiveActivation(ir, layer)})`, location: layer.ref.location })),
          hint: 'Use relu (with he_normal) in hidden layers, or put batch_norm between them.',
        });
      }
      run = [];
    };
    for (const layer of ir.layers) {
      if (layer === output) break;
      if (layer.type === 'batch_norm') flush();
      if (!isWeighted(layer)) continue;
      if (SATURATING.has(effectiveActivation(ir, layer))) run.push(layer);
      else flush();
    }
    flush();
  },
};
