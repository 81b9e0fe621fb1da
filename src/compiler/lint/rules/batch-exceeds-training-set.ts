import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { exampleSpec } from '../example-spec.js';

const spec = (batch: number) =>
  exampleSpec({
    data: '{source: mnist, train: 100}',
    layers: ['{type: dense, units: 64, activation: relu}', '{type: dense, units: 10}'],
    training: `{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.1}, batch_size: ${batch}, epochs: 20}`,
  });

export const batchExceedsTrainingSet: Rule = {
  id: 'batch-exceeds-training-set',
  severity: 'warning',
  fixable: false,
  messages: {
    batchTooLarge:
      'batch_size {{batch}} is larger than the {{train}} training examples: every batch repeats {{repeated}} of them, so one step already runs {{epochs}} epochs and some examples count twice in its gradient',
  },
  docs: {
    summary: 'A batch size larger than the training set.',
    rationale:
      'A batch cannot hold more distinct examples than there are; the excess is repeats, which weights some examples twice and makes "epochs" mean less than one step.',
    whatItDoes: 'Reports training.batch_size when it exceeds data.train, with data.train as a related location.',
    whyIsThisBad:
      'mlpc\'s batches are drawn from a stream of shuffled epochs so every batch is full: with 128 examples a batch and 100 ' +
      'training examples each batch contains 28 examples twice, and `epochs: 20` becomes 20 steps. Keras instead shrinks the ' +
      'batch to the data, silently turning minibatch SGD into full-batch gradient descent. Either way the batch size written ' +
      'is not the one trained with; usually data.train was cut down for a quick run and the batch size was not.',
    example: spec(128),
    useInstead: spec(32),
    fixSafety: 'No fix: whether the data or the batch size is the one to change is the author\'s call.',
    references: [deepLearningBook('§8.1.3 Batch and Minibatch Algorithms', 'optimization')],
  },
  check({ ir, source, report }) {
    const batch = ir.training.batchSize;
    const train = ir.data.train;
    // 0: the size is unknown (token files not readable at compile time), not an empty training set.
    if (train === 0 || batch <= train) return;
    report({
      messageId: 'batchTooLarge',
      data: { batch, train, repeated: batch - train, epochs: Number((batch / train).toFixed(2)) },
      location: source.locate(['training', 'batch_size']),
      related: [{ message: `data.train: ${train}`, location: source.locate(['data', 'train']) }],
      hint: `Use batch_size ${Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, train / 4))))} or less, or train on more examples.`,
    });
  },
};
