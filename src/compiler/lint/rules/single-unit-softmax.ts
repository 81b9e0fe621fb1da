import { appliedActivations } from '../layer-roles.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { removeItem } from '../yaml-edits.js';
import { exampleSpec } from '../example-spec.js';

const spec = (output: string) =>
  exampleSpec({
    data: '{source: csv, path: data.csv, label: label, train: 5000}',
    input: '[40]',
    layers: ['{type: dense, units: 64, activation: relu}', output],
    training: '{loss: sigmoid_cross_entropy, optimizer: {type: adam}, epochs: 10}',
  });

export const singleUnitSoftmax: Rule = {
  id: 'single-unit-softmax',
  severity: 'error',
  fixable: false,
  messages: {
    constantOne:
      '{{where}} applies softmax over {{layer}}\'s single unit: softmax(z) = e^z / e^z = 1 for every input, so it outputs the constant 1 and passes no gradient back',
  },
  docs: {
    summary: 'A softmax over a layer with one unit: its output is the constant 1.',
    rationale:
      'Softmax normalizes over the units it is given; over one unit it is e^z/e^z = 1 whatever z is, the classic "binary classifier that always predicts one class".',
    whatItDoes:
      'Flags `activation: softmax` on a dense/conv2d/conv1d layer whose last axis has one unit, and a softmax activation layer on such an output, anywhere in the model.',
    whyIsThisBad:
      'A binary classifier has one output unit with a sigmoid (or two units with a softmax). Written as Dense(1, softmax), the ' +
      'prediction is 1.0 for every example: the loss is constant, its gradient is zero, nothing trains, and every example is ' +
      'predicted as the positive class. Keras accepts it silently; it is one of the most asked-about Keras mistakes ' +
      '(Stack Overflow "Why does a binary Keras CNN always predict 1?").',
    example: spec('{type: dense, units: 1, activation: softmax}'),
    useInstead: spec('{type: dense, units: 1}   # the logit; sigmoid_cross_entropy applies the sigmoid'),
    fixSafety:
      'Suggestion only (not applied by --fix): on the output with sigmoid_cross_entropy, removing the softmax leaves the logit the loss expects; elsewhere the intended activation is unknown.',
    references: [
      { title: 'Stack Overflow (es): ¿Por qué un binario Keras CNN siempre predice 1?', url: 'https://techfeed.net/es/456718/' },
      deepLearningBook('§6.2.2.2–6.2.2.3 (sigmoid units for Bernoulli outputs, softmax for multinoulli)', 'mlp'),
    ],
  },
  check({ ir, source, report }) {
    for (const applied of appliedActivations(ir)) {
      if (applied.activation !== 'softmax' || applied.units !== 1) continue;
      const removable = applied.onOutput && ir.training.loss === 'sigmoid_cross_entropy';
      const edit = removable ? removeItem(source, applied.path) : undefined;
      report({
        messageId: 'constantOne',
        data: { where: applied.layer.type === 'activation' ? `activation layer ${applied.layer.name}` : `${applied.layer.name}'s activation`, layer: applied.layer.type === 'activation' ? 'its input' : applied.layer.name },
        location: source.locate(applied.path),
        hint:
          ir.training.loss === 'sigmoid_cross_entropy' && applied.onOutput
            ? 'Remove the softmax: sigmoid_cross_entropy takes the logit and applies the sigmoid itself.'
            : 'For a yes/no output use one unit with sigmoid, or two units with softmax.',
        fix: edit && { description: 'Remove the softmax (the loss applies the sigmoid)', edits: [edit], safe: false },
      });
    }
  },
};
