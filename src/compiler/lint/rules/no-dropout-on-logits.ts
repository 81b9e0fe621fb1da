import { outputLayer } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { dropoutPaper } from '../references.js';
import { removeItem } from '../yaml-edits.js';
import { exampleSpec } from '../example-spec.js';

export const noDropoutOnLogits: Rule = {
  id: 'no-dropout-on-logits',
  severity: 'error',
  fixable: false,
  messages: {
    afterOutput: 'dropout {{dropout}} (rate {{rate}}) comes after {{output}}, the last layer with weights: it drops the {{what}}',
  },
  docs: {
    summary: 'Dropout after the last dense, conv2d or conv1d layer, i.e. on the logits.',
    rationale: 'Dropping logits zeroes class scores at random, so the loss trains against noise in the prediction itself; dropout belongs on hidden units (Srivastava et al. 2014).',
    whatItDoes: 'Flags a dropout layer that comes after the last layer with weights.',
    whyIsThisBad:
      'Dropout regularizes by making hidden units unable to co-adapt: the next layer must cope with any subset of them. ' +
      'After the last parametric layer there is no next layer: the dropped values are the class scores themselves. ' +
      'A dropped logit becomes 0, the kept ones are scaled by 1/(1 - rate), so the softmax the loss sees is a distorted ' +
      'version of the model\'s prediction, and at evaluation time (no dropout) the logits have a different scale than in training.',
    example: exampleSpec({ layers: ['{type: dense, name: hidden, units: 1024, activation: relu}', '{type: dense, name: out, units: 10}', '{type: dropout, rate: 0.5}'] }),
    useInstead: exampleSpec({ layers: ['{type: dense, name: hidden, units: 1024, activation: relu}', '{type: dropout, rate: 0.5}', '{type: dense, name: out, units: 10}'] }),
    fixSafety: 'Unsafe (shown, not applied by --fix): removing the layer is right, but where the dropout should go instead is your call.',
    references: [dropoutPaper()],
  },
  check({ ir, source, report }) {
    const output = outputLayer(ir);
    if (!output) return;
    for (const layer of ir.layers.slice(output.index + 1)) {
      if (layer.type !== 'dropout') continue;
      const edit = removeItem(source, layer.ref.path);
      report({
        messageId: 'afterOutput',
        data: { dropout: layer.name, rate: layer.rate, output: output.name, what: ir.training.loss === 'mean_squared_error' ? 'outputs' : 'logits' },
        location: layer.ref.location,
        related: [{ message: `${output.name} produces the model's output`, location: output.ref.location }],
        hint: 'Put dropout on hidden units, before the output layer.',
        fix: edit && { description: `Remove dropout layer ${layer.name}`, edits: [edit], safe: false },
      });
    }
  },
};
