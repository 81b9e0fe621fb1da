import type { LayerIR } from '../../ir/types.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { exampleSpec } from '../example-spec.js';
import { isWeighted } from '../layer-roles.js';

/** Layers that are affine maps at inference, so they do not separate two linear layers. */
const PASS_THROUGH = new Set<LayerIR['type']>(['dropout', 'flatten', 'batch_norm']);

const spec = (hidden: string) => exampleSpec({ layers: [hidden, '{type: dense, name: out, units: 10}'] });

export const noStackedLinearLayers: Rule = {
  id: 'no-stacked-linear-layers',
  severity: 'warning',
  fixable: false,
  messages: {
    noActivationBetween: '{{layer}} follows {{previous}} with no activation between them: together they are one linear map',
  },
  docs: {
    summary: 'Two dense, conv2d or conv1d layers with no nonlinearity between them.',
    rationale: 'A composition of linear maps is one linear map: the extra layer adds parameters (and penalties) but no expressive power.',
    whatItDoes:
      'Flags a dense/conv2d/conv1d layer whose input comes, through dropout, flatten or batch_norm only, from a dense/conv2d/conv1d layer with activation linear.',
    whyIsThisBad:
      'W2·(W1·x + b1) + b2 = (W2·W1)·x + (W2·b1 + b2): the pair computes what one layer of rank at most min(units) can. ' +
      'Usually the activation was forgotten (the default is linear). A bottleneck factorization is the rare intended case; ' +
      'disable the finding there with a reason.',
    example: spec('{type: dense, name: hidden, units: 1024}'),
    useInstead: spec('{type: dense, name: hidden, units: 1024, activation: relu}'),
    fixSafety: 'No fix: which activation was meant is unknown.',
    references: [deepLearningBook('§6.1', 'mlp')],
  },
  check({ ir, report }) {
    let previousLinear: LayerIR | undefined;
    for (const layer of ir.layers) {
      if (isWeighted(layer)) {
        if (previousLinear) {
          report({
            messageId: 'noActivationBetween',
            data: { layer: layer.name, previous: previousLinear.name },
            location: layer.ref.location,
            related: [{ message: `${previousLinear.name} has activation linear`, location: previousLinear.ref.location }],
            hint: `Give ${previousLinear.name} an activation (e.g. activation: relu).`,
          });
        }
        previousLinear = layer.activation === 'linear' ? layer : undefined;
      } else if (!PASS_THROUGH.has(layer.type)) {
        previousLinear = undefined;
      }
    }
  },
};
