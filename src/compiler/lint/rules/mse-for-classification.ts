import type { ModelIR } from '../../ir/types.js';
import { outputLayer } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { nodeAt } from '../yaml-edits.js';
import { exampleSpec } from '../example-spec.js';

/** Sources whose labels are class indices by construction; a csv label column may also be a regression target. */
const CLASS_SOURCES = new Set<ModelIR['data']['source']>(['mnist', 'idx', 'synthetic']);

const spec = (output: string, loss: string) =>
  exampleSpec({ layers: ['{type: dense, units: 512, activation: relu}', output], training: `{loss: ${loss}, optimizer: {type: rmsprop}, epochs: 5}` });

export const mseForClassification: Rule = {
  id: 'mse-for-classification',
  severity: 'warning',
  fixable: false,
  messages: {
    oneHot:
      'mean_squared_error on {{classes}} classes ({{source}} data, one-hot targets): squared error on class scores has weak gradients exactly where a prediction is confidently wrong; cross-entropy is the classification loss',
    classLabels:
      'mean_squared_error on the class labels of {{source}} data{{declared}}: the single output regresses on the label numbers 0..{{last}} as if they were quantities',
  },
  docs: {
    summary: 'mean_squared_error on a classification data source.',
    rationale:
      'Cross-entropy is the negative log-likelihood of a categorical output; squared error on one-hot targets saturates with sigmoid/softmax outputs and learns slowly from confident mistakes.',
    whatItDoes:
      'Flags `loss: mean_squared_error` when the targets are classes: one output unit per class (one-hot targets), or a single ' +
      'output trained on the class labels of an mnist, idx or synthetic source, or of a csv source whose `classes` is written. A csv ' +
      'source with one output unit and no `classes` is treated as regression and not flagged: whether its label column holds ' +
      'classes is not in the spec.',
    whyIsThisBad:
      'With a softmax or sigmoid output p = σ(z), the squared error\'s gradient with respect to z is 2(p − y)·σ\'(z), and σ\'(z) ' +
      'is near 0 when the unit saturates: a prediction that is confidently wrong gets almost no gradient. Cross-entropy\'s gradient ' +
      'is p − y, largest exactly there (Goodfellow et al. 2016, §6.2.1.2: with these cost functions "some output units that ' +
      'saturate produce very small gradients"). On raw logits squared error also penalizes a correct ' +
      'class scored too confidently. MNIST still reaches high accuracy with it, which is why it persists.',
    example: spec('{type: dense, units: 10, activation: softmax}', 'mean_squared_error'),
    useInstead: spec('{type: dense, units: 10}   # logits', 'softmax_cross_entropy'),
    fixSafety: 'No fix: the output activation has to change with the loss.',
    references: [
      deepLearningBook('§6.2.1.2 and §6.2.2 Output Units', 'mlp'),
      { title: 'Can I use MSE as loss function and label encoding in classification problem?', url: 'https://example-a.com/answer/66908204' },
    ],
  },
  check({ ir, source, report }) {
    // Target columns and reconstruction are regression: the loss is the right one there.
    if (ir.training.loss !== 'mean_squared_error' || ir.training.target !== undefined) return;
    const output = outputLayer(ir);
    const units = output?.outputShape[output.outputShape.length - 1] ?? 0;
    const location = source.locate(['training', 'loss']);
    const hint = 'Use loss: softmax_cross_entropy with a logits output (no activation) of one unit per class.';
    if (units > 1) {
      report({ messageId: 'oneHot', data: { classes: ir.data.classes, source: ir.data.source }, location, hint });
    } else if (CLASS_SOURCES.has(ir.data.source) || nodeAt(source, ['data', 'classes'])) {
      const declared = ir.data.source === 'csv' ? ` (classes: ${ir.data.classes})` : '';
      report({ messageId: 'classLabels', data: { source: ir.data.source, declared, last: ir.data.classes - 1 }, location, hint });
    }
  },
};
