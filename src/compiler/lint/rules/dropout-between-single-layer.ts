import type { Rule } from '../rule.js';

const spec = (lstm: string) =>
  [
    'mlpc: 2',
    'name: example',
    'data: {source: mnist, train: 1000}',
    'model:',
    '  input: [28, 28]            # each image as 28 rows of 28 pixels',
    '  layers:',
    `    - ${lstm}`,
    '    - {type: dense, units: 10}',
    'training: {loss: softmax_cross_entropy, optimizer: {type: adam}, epochs: 10}',
  ].join('\n');

export const dropoutBetweenSingleLayer: Rule = {
  id: 'dropout-between-single-layer',
  severity: 'warning',
  fixable: false,
  messages: {
    singleLayer: '{{type}} {{layer}} has dropout {{rate}} but one layer: its dropout acts only between stacked layers, so it drops nothing',
  },
  docs: {
    summary: 'An lstm or gru with `layers: 1` and `dropout` above 0: the dropout never acts.',
    rationale: 'The lstm\'s `dropout` is PyTorch\'s nn.LSTM(dropout=p): it drops the outputs of every stacked layer except the last, so with one layer there is nothing for it to drop.',
    whatItDoes: 'Reports the `dropout` of an lstm or gru layer whose `layers` is 1 (the default) and whose dropout is above 0.',
    whyIsThisBad:
      'PyTorch documents nn.LSTM\'s dropout as "a Dropout layer on the outputs of each LSTM layer except the last layer" and ' +
      'warns at construction when num_layers is 1 ("dropout option adds dropout after all but last recurrent layer, so ' +
      'non-zero dropout expects num_layers greater than 1"); a warning among many is easy to miss, and users have trained ' +
      'single-layer models believing them regularized: Pyro\'s DMM example passed dropout=0.1 to a one-layer nn.RNN ' +
      '(pyro-ppl/pyro#1415), MXNet\'s word language model example stacked one-layer FusedRNNCells, each with a dropout that ' +
      'never acted (apache/mxnet#10304, same convention as cuDNN), and AllenNLP removed such settings from its training ' +
      'configs (allenai/allennlp#2768). Keras\'s LSTM(dropout=) means something else: a mask on the inputs at ' +
      'every step. The spec keeps PyTorch\'s meaning; for dropout on the lstm\'s input or output with one layer, put a ' +
      '`dropout` layer before or after it (Zaremba et al. 2014 drop between layers and before the output projection, ' +
      'never on the recurrent state).',
    example: spec('{type: lstm, units: 128, return_sequences: false, dropout: 0.5}   # one layer: nothing dropped'),
    useInstead: spec('{type: lstm, units: 128, layers: 2, return_sequences: false, dropout: 0.5}   # between the two layers'),
    fixSafety: 'No fix: whether the dropout was meant between layers (add a layer) or on the output (a dropout layer) is the author\'s call.',
    references: [
      { title: 'PyTorch, torch.nn.LSTM (dropout: on the outputs of each LSTM layer except the last)', url: 'https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html' },
      { title: 'pyro-ppl/pyro#1415: Dropout warning in DMM (a one-layer nn.RNN with dropout 0.1)', url: 'https://github.com/pyro-ppl/pyro/issues/1415' },
      { title: 'apache/mxnet#10304: Dropout has no effect in 1-Layer FusedRNNCell', url: 'https://github.com/apache/mxnet/issues/10304' },
      { title: 'Zaremba, Sutskever & Vinyals 2014, Recurrent Neural Network Regularization', url: 'https://arxiv.org/abs/1409.2329' },
    ],
  },
  check({ ir, source, report }) {
    for (const layer of ir.layers) {
      if ((layer.type !== 'lstm' && layer.type !== 'gru') || layer.layers !== 1 || layer.dropout === 0) continue;
      report({
        messageId: 'singleLayer',
        data: { type: layer.type, layer: layer.name, rate: layer.dropout },
        location: source.locate([...layer.ref.path, 'dropout']),
        hint: 'Stack layers (layers: 2) for dropout between them, or put a {type: dropout} layer after the lstm to drop its output.',
      });
    }
  },
};
