import type { Rule } from '../rule.js';

/** Above this, most of the recurrent kernel is zero at every step; AWD-LSTM's 0.5 is the largest rate its papers and reference code use. */
export const WEIGHT_DROP_LIMIT = 0.5;

const spec = (lstm: string) =>
  [
    'mlpc: 2',
    'name: example',
    'data: {source: text, path: data/tinyshakespeare/input.txt, level: char, block_size: 70}',
    'model:',
    '  input: [70]',
    '  layers:',
    '    - {type: embedding, vocabulary: 65, width: 400}',
    `    - ${lstm}`,
    '    - {type: dense, units: 65}',
    'training: {loss: softmax_cross_entropy, optimizer: {type: adam}, steps: 1000}',
  ].join('\n');

export const weightDropRate: Rule = {
  id: 'weight-drop-rate',
  severity: 'warning',
  fixable: false,
  messages: {
    tooHigh: '{{type}} {{layer}} drops {{percent}}% of its recurrent kernel at every step (weight_drop {{rate}}): above AWD-LSTM\'s 0.5, most of h(t−1)\'s connections are gone',
  },
  docs: {
    summary: `An lstm or gru whose \`weight_drop\` is above ${WEIGHT_DROP_LIMIT}: most of the recurrent kernel is zero in every training step.`,
    rationale:
      'Weight drop (Merity et al. 2017) is DropConnect on the hidden-to-hidden weights: each training batch zeroes a fraction p of the recurrent kernel\'s entries, ' +
      'the same ones at every time step, and scales the rest by 1/(1 − p). At p = 0.9 nine weights in ten are gone for the whole sequence and the kept ones are ' +
      'multiplied by 10, so the state a step passes to the next is carried by a tenth of the matrix, amplified.',
    whatItDoes: `Reports the \`weight_drop\` of an lstm or gru layer when it is above ${WEIGHT_DROP_LIMIT}.`,
    whyIsThisBad:
      'The threshold is the largest rate the method\'s authors use: AWD-LSTM trains Penn Treebank and WikiText-2 with weight drop 0.5 (Merity, Keskar & Socher 2017, ' +
      'Table 5 and salesforce/awd-lstm-lm\'s README) and fastai\'s AWD_LSTM defaults to weight_p 0.5; their character-level and QRNN models use less. ' +
      'Above it there is no published evidence that the recurrent path still learns: a user who compared rates on awd-lstm-lm\'s WeightDrop ' +
      '(PetrochukM/PyTorch-NLP#93) measured accuracy 72.0 without weight drop, 67.0 at 0.1 and 59.0 at 0.9 after 20 epochs. Unlike input dropout, the ' +
      'recurrent kernel is applied at every step, so its mask compounds over the sequence.',
    example: spec('{type: lstm, units: 400, weight_drop: 0.9}   # 90% of h(t−1)·R gone every step'),
    useInstead: spec('{type: lstm, units: 400, weight_drop: 0.5}   # AWD-LSTM\'s rate'),
    fixSafety: 'No fix: the rate is a tuning choice; 0.5 is the largest the method\'s authors used, not a best value for every model.',
    references: [
      { title: 'Merity, Keskar & Socher 2017, Regularizing and Optimizing LSTM Language Models (AWD-LSTM)', url: 'https://arxiv.org/abs/1708.02182' },
      { title: 'salesforce/awd-lstm-lm (README: --wdrop 0.5; weight_drop.py)', url: 'https://github.com/salesforce/awd-lstm-lm' },
      { title: 'PetrochukM/PyTorch-NLP#93: wdrop 0, 0.1 and 0.9 compared', url: 'https://github.com/PetrochukM/PyTorch-NLP/issues/93' },
      { title: 'Wan et al. 2013, Regularization of Neural Networks using DropConnect', url: 'https://proceedings.mlr.press/v28/wan13.html' },
    ],
  },
  check({ ir, source, report }) {
    for (const layer of ir.layers) {
      if (layer.type !== 'lstm' && layer.type !== 'gru') continue;
      const rate = layer.placements.weightDrop;
      if (rate <= WEIGHT_DROP_LIMIT) continue;
      report({
        messageId: 'tooHigh',
        data: { type: layer.type, layer: layer.name, rate, percent: Math.round(rate * 100) },
        location: source.locate([...layer.ref.path, 'weight_drop']),
        hint: `Use ${WEIGHT_DROP_LIMIT} or less (AWD-LSTM's rate), and regularize the rest with input_dropout or a dropout layer on the output.`,
      });
    }
  },
};
