import type { Rule } from '../rule.js';
import { exampleSpec } from '../example-spec.js';

const spec = (validation: string) =>
  exampleSpec({
    data: `{source: mnist, train: 5000${validation}, test: 1000}`,
    layers: ['{type: dense, units: 64, activation: relu}', '{type: dense, units: 10}'],
    training: '{loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 50, early_stopping: {patience: 5, restore_best: true}}',
  });

export const earlyStoppingWithoutValidation: Rule = {
  id: 'early-stopping-without-validation',
  severity: 'error',
  fixable: false,
  messages: {
    noValidation: 'training.early_stopping watches {{monitor}}, but the data has no validation split: it is never measured, so training never stops early{{restore}}',
  },
  docs: {
    summary: 'Early stopping without a validation split to watch.',
    rationale: 'Early stopping compares validation measurements; without validation examples there are none, and the setting silently does nothing.',
    whatItDoes: 'Reports training.early_stopping when data.validation is 0 or absent, with the data section as a related location.',
    whyIsThisBad:
      'Early stopping (Keras EarlyStopping, Prechelt 1998) ends training when the loss on held-out examples stops falling, ' +
      'and restore_best goes back to the weights of the best held-out measurement. mlpc measures val_loss and the ' +
      'validation metric only on the validation split: with `validation: 0` no record has them, so the run trains every ' +
      'step and restore_best has no best to restore. Watching the training loss instead would stop on the quantity the ' +
      'optimizer drives down, not on generalization. The test split must not stand in: choosing the stopping step on it ' +
      'makes the test record an optimistic estimate.',
    example: spec(''),
    useInstead: spec(', validation: 1000'),
    fixSafety: 'No fix: how many training examples to hold out is the author\'s call.',
    references: [
      { title: 'Keras, EarlyStopping', url: 'https://keras.io/api/callbacks/early_stopping/' },
      { title: 'Prechelt 1998, Early Stopping - But When?', url: 'https://doi.org/10.1007/3-540-49430-8_3' },
    ],
  },
  check({ ir, source, report }) {
    const early = ir.training.earlyStopping;
    if (early === undefined || ir.data.validation > 0) return;
    report({
      messageId: 'noValidation',
      data: { monitor: early.monitor, restore: early.restoreBest ? ' and restore_best has no best to restore' : '' },
      location: source.locateKey(['training', 'early_stopping']),
      related: [{ message: 'no validation examples here', location: source.locate(['data']) }],
      hint: 'Hold out validation examples in data (validation: N), or remove early_stopping.',
    });
  },
};
