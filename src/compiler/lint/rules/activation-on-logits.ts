import { appliedActivations } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { removeItem } from '../yaml-edits.js';
import { exampleSpec } from '../example-spec.js';

/** Activations the cross-entropy losses expect instead of logits; no-double-softmax reports these. */
const LOSS_SQUASH = { softmax_cross_entropy: 'softmax', sigmoid_cross_entropy: 'sigmoid', binary_cross_entropy: 'sigmoid' } as const;

const spec = (output: string) =>
  exampleSpec({
    layers: ['{type: dense, units: 50, activation: relu}', output],
    training: '{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.01, momentum: 0.5}, epochs: 10}',
  });

const EFFECT: Record<string, string> = {
  relu: 'no logit can go below 0 and a unit whose input turns negative gets no gradient again',
  elu: 'no logit can go below -1',
  selu: 'no logit can go below about -1.76',
  tanh: 'every logit is confined to (-1, 1), which caps how confident a prediction can get',
  sigmoid: 'every logit is confined to (0, 1), which caps how confident a prediction can get',
};

export const activationOnLogits: Rule = {
  id: 'activation-on-logits',
  severity: 'warning',
  fixable: false,
  messages: {
    clippedLogits: '{{where}} applies {{activation}} to the logits that {{loss}} takes: {{effect}}',
    reluOutput:
      '{{where}} applies relu to the output that mean_squared_error compares with the targets: it can never predict a negative value, and once its input turns negative it outputs 0 with no gradient',
  },
  docs: {
    summary: 'A relu, elu, selu, tanh (or, before softmax_cross_entropy, sigmoid) activation on the logits of a cross-entropy model, or a relu on the output of mean_squared_error.',
    rationale:
      'Cross-entropy losses take unbounded logits; an activation on them clips or squashes the class scores, so some predictions become impossible and dead units stop learning. A relu on a regression output cannot go negative and dies the same way.',
    whatItDoes:
      'With softmax_cross_entropy or sigmoid_cross_entropy, flags an activation other than linear on the last layer with weights, or ' +
      'an activation layer after it, except the one the loss itself applies (softmax resp. sigmoid: no-double-softmax\'s finding) ' +
      'and a softmax over one unit (single-unit-softmax\'s). With mean_squared_error it flags relu on the output only: sigmoid or ' +
      'tanh there is a legitimate choice for bounded targets.',
    whyIsThisBad:
      'softmax(relu(z)) cannot give a class a score below 0, so it cannot push a wrong class below the others\' floor; a logit ' +
      'unit whose input goes negative outputs 0 with zero gradient and may never recover. Bounded activations (tanh, sigmoid) ' +
      'cap the logits, so with 10 classes softmax over values in (0, 1) can never exceed e/(e + 9) = 0.23 for the right class. ' +
      'PyTorch\'s own MNIST example had this bug, F.log_softmax(F.relu(self.fc2(x))), until pull request #117 removed the ' +
      'rectifier, and a fastai pull request proposes the same fix. A relu on a regression output is the same mistake: it cannot ' +
      'fit a negative target, and a single output unit that dies leaves the loss stuck (a DeepLearning.AI forum post: y = 2x − 1 ' +
      'learned by a network ending in Dense(1, relu), loss frozen in 6 or 7 runs of 10). No rule caught either before: they are ' +
      'what the real-world corpus taught.',
    example: spec('{type: dense, units: 10, activation: relu}'),
    useInstead: spec('{type: dense, units: 10}   # logits'),
    fixSafety: 'Suggestion only (not applied by --fix): removing the activation changes the model, though it is almost always what was meant.',
    references: [
      { title: 'pytorch/examples#117: Remove rectifier before softmax', url: 'https://github.com/pytorch/examples/pull/117' },
      { title: 'fastai/fastai#965: softmax after relu', url: 'https://github.com/fastai/fastai/pull/965' },
      { title: 'DeepLearning.AI forum: loss values do not change (a regression network ending in Dense(1, relu))', url: 'https://community.deeplearning.ai/t/loss-values-do-not-change/324182' },
      deepLearningBook('§6.2.2.3 (softmax over unnormalized log probabilities)', 'mlp'),
    ],
  },
  check({ ir, source, report }) {
    const loss = ir.training.loss;
    for (const applied of appliedActivations(ir)) {
      if (loss === 'mean_squared_error' || loss === 'mean_absolute_error' || loss === 'huber') {
        if (applied.onOutput && applied.activation === 'relu') {
          report({
            messageId: 'reluOutput',
            data: { where: applied.layer.type === 'activation' ? `activation layer ${applied.layer.name}` : applied.layer.name },
            location: source.locate(applied.path),
            hint: 'Leave a regression output linear (or use sigmoid/tanh for targets known to lie in (0, 1) / (-1, 1)).',
          });
        }
        continue;
      }
      if (!applied.onOutput || applied.activation === LOSS_SQUASH[loss]) continue;
      if (applied.activation === 'softmax') continue; // over one unit: single-unit-softmax; over several with sigmoid loss the output shape is rejected
      const edit = removeItem(source, applied.path);
      report({
        messageId: 'clippedLogits',
        data: {
          where: applied.layer.type === 'activation' ? `activation layer ${applied.layer.name}` : applied.layer.name,
          activation: applied.activation,
          loss,
          effect: EFFECT[applied.activation] ?? 'the logits are distorted',
        },
        location: source.locate(applied.path),
        hint: 'Leave the output layer linear: the loss applies the softmax/sigmoid to the logits.',
        fix: edit && { description: `Remove ${applied.activation} from the logits`, edits: [edit], safe: false },
      });
    }
  },
};
