import type { LayerIR, ModelIR } from '../../ir/types.js';
import type { Rule } from '../rule.js';

const spec = (layer: string) =>
  [
    'mlpc: 2',
    'name: example',
    'data: {source: text, path: data/tinyshakespeare/input.txt, block_size: 64}   # targets: the window shifted by one',
    'model:',
    '  input: [64]',
    '  layers:',
    '    - {type: embedding, vocabulary: 65, width: 64}',
    `    - ${layer}`,
    '    - {type: dense, units: 65}',
    'training: {loss: softmax_cross_entropy, optimizer: {type: adam}, steps: 1000}',
  ].join('\n');

/** What a layer lets position t read beyond t: every later position, or this many. */
type Reach = { field: 'bidirectional' | 'padding'; ahead: number | 'all'; what: string };

/**
 * Keras's `same` padding with stride 1 pads floor((k − 1)/2) positions before and the rest after, so
 * output t reads inputs t − floor((k − 1)/2) … t + ceil((k − 1)/2) (PyTorch's padding='same' the same).
 */
const sameReach = (k: number): number => Math.ceil((k - 1) / 2);

function reachAhead(layer: LayerIR): Reach | undefined {
  switch (layer.type) {
    case 'lstm':
    case 'gru':
      return layer.bidirectional ? { field: 'bidirectional', ahead: 'all', what: 'bidirectional: true' } : undefined;
    case 'conv1d':
      return layer.padding === 'same' && sameReach(layer.kernelSize) > 0
        ? { field: 'padding', ahead: sameReach(layer.kernelSize), what: `padding: same with kernel_size ${layer.kernelSize}` }
        : undefined;
    case 'max_pool1d':
    case 'average_pool1d':
      return layer.padding === 'same' && sameReach(layer.poolSize) > 0
        ? { field: 'padding', ahead: sameReach(layer.poolSize), what: `padding: same with pool_size ${layer.poolSize}` }
        : undefined;
    default:
      return undefined;
  }
}

/** The layers the model's output is computed from (the last layer and everything it reads, through `from`). */
function feedsOutput(ir: ModelIR): Set<string> {
  const byName = new Map(ir.layers.map((layer) => [layer.name, layer]));
  const seen = new Set<string>();
  const last = ir.layers[ir.layers.length - 1];
  const stack = last ? [last.name] : [];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const input of byName.get(name)?.inputs ?? []) if (byName.has(input)) stack.push(input);
  }
  return seen;
}

export const futureLeakInLanguageModel: Rule = {
  id: 'future-leak-in-language-model',
  severity: 'error',
  fixable: false,
  messages: {
    leak:
      '{{type}} {{layer}} has {{what}}: its output at position t reads {{reach}}, and in this next-token model x(t+1) is the target of position t, ' +
      'so the training loss falls toward zero while the model cannot generate',
  },
  docs: {
    summary: 'A language model (text or tokens data, next-token targets) with a layer that reads later positions: a bidirectional lstm/gru, or a conv1d or pool1d with `padding: same`.',
    rationale: 'The target of position t is the input at t + 1; a layer that reads ahead hands the answer to the output, so the loss says nothing about generation.',
    whatItDoes:
      'On `source: text` or `source: tokens` data (targets are the window shifted by one), reports each layer on the way to the output that lets position t ' +
      'read a later position: an `lstm` or `gru` with `bidirectional: true` (at the `bidirectional` field), and a `conv1d`, `max_pool1d` or `average_pool1d` ' +
      'with `padding: same` and a window of 2 or more (at the `padding` field; with stride 1, Keras\'s and PyTorch\'s `same` pads ceil((k − 1)/2) positions ' +
      'after the sequence, so position t reads that many positions ahead). `causal_self_attention` is always causal (later positions masked), and dense, ' +
      'layer_norm, embedding, position_embedding, dropout and add act per position, so none of them is reported. `batch_norm` on a sequence mixes positions ' +
      'only through one mean and variance per channel over the whole batch; it is not reported.',
    whyIsThisBad:
      'A next-token model is trained with x = data[s:s+T] and y = data[s+1:s+T+1], so y(t) = x(t+1). A bidirectional recurrent layer\'s backward direction ' +
      'at t has read x(T−1), …, x(t+1); a `same` convolution of width 3 reads x(t+1) directly. The model learns to copy the next input: training and ' +
      'validation loss fall far below what a causal model reaches (validation windows leak the same way, so a held-out loss does not ' +
      'catch it), and sampling, which has no next input to read, produces garbage. Measured with test/pytorch/fixtures/lstm_bidir_xt.yaml ' +
      '(2 layers of 12 units on 8 KB of Shakespeare, `mlpc train --target pytorch --steps 2000`, seed 7, one run each): validation loss ' +
      '0.23 nats with `bidirectional: true` against 2.52 with one direction. ' +
      'It is a classic mistake: a bidirectional option for char-rnn-tensorflow was closed after "quite good perplexity during training, but the next character ' +
      'prediction was not good at all" ("the RNN has *seen* the future", sherjilozair/char-rnn-tensorflow#64); char-rnn.pytorch\'s maintainer asked for its ' +
      '--bidirectional flag to be removed ("how does that work during evaluation/generation? We don\'t have a future context", spro/char-rnn.pytorch#1); ' +
      'minGRU-pytorch\'s enwik8 model reached a loss of 0.003 with "a soup of tokens" as samples because its depthwise convolution padded kernel_size // 2 on ' +
      'both sides ("the convolution was not causal", lucidrains/minGRU-pytorch#3); a gated-CNN language model with SAME padding was reported able to copy the ' +
      'words it predicts (anantzoid/Language-Modeling-GatedCNN#2). Flair trains its forward and backward character models separately for this reason ' +
      '(flairNLP/flair#812), and ELMo\'s biLM makes its predictions in each direction independently (allenai/bilm-tf#84). Bidirectional layers are right where every position\'s label is ' +
      'given with the whole sequence (a tagger: csv data with `labels:`); this rule looks only at next-token data.',
    example: spec('{type: lstm, units: 128, bidirectional: true}   # the backward half reads the next character'),
    useInstead: spec('{type: lstm, units: 128, layers: 2}   # reads only the past'),
    fixSafety:
      'No fix: the causal model is a different model (one direction, or a convolution of kernel_size 1; the spec language has no causal padding yet). ' +
      'A model that reads ahead on purpose (a test of numerics) can say so with `# mlpc-disable-next-line future-leak-in-language-model -- reason`.',
    references: [
      { title: 'sherjilozair/char-rnn-tensorflow#64: Adding a bidirectional neural network (closed: it had seen the future)', url: 'https://github.com/sherjilozair/char-rnn-tensorflow/pull/64' },
      { title: 'spro/char-rnn.pytorch#1: the --bidirectional flag removed before merging', url: 'https://github.com/spro/char-rnn.pytorch/pull/1' },
      { title: 'lucidrains/minGRU-pytorch#3: loss 0.003, generated output a soup of tokens (the convolution was not causal)', url: 'https://github.com/lucidrains/minGRU-pytorch/issues/3' },
      { title: 'anantzoid/Language-Modeling-GatedCNN#2: while training the model can see all words', url: 'https://github.com/anantzoid/Language-Modeling-GatedCNN/issues/2' },
      { title: 'flairNLP/flair#812: why forward and backward language models are trained separately', url: 'https://github.com/flairNLP/flair/issues/812' },
      { title: 'allenai/bilm-tf#84: each direction of the biLM makes independent predictions', url: 'https://github.com/allenai/bilm-tf/issues/84' },
      { title: 'Keras Conv1D (padding "causal": output[t] does not depend on input[t + 1:])', url: 'https://keras.io/api/layers/convolution_layers/convolution1d/' },
      { title: 'Schuster & Paliwal 1997, Bidirectional Recurrent Neural Networks', url: 'https://doi.org/10.1109/78.650093' },
    ],
  },
  check({ ir, source, report }) {
    if (ir.data.source !== 'text' && ir.data.source !== 'tokens') return;
    const onPath = feedsOutput(ir);
    const reported = new Set<string>();
    for (const layer of ir.layers) {
      if (!onPath.has(layer.name)) continue;
      const reach = reachAhead(layer);
      if (!reach) continue;
      const path = [...layer.ref.path, reach.field];
      // A repeated block's instances share one spec line: one finding for the line.
      const key = path.join('/');
      if (reported.has(key)) continue;
      reported.add(key);
      const shown = layer.block ? `${layer.block.name}.*.${layer.block.local}` : layer.name;
      report({
        messageId: 'leak',
        data: {
          type: layer.type,
          layer: shown,
          what: reach.what,
          reach: reach.ahead === 'all' ? 'every later position (its backward direction)' : `up to ${reach.ahead} position${reach.ahead === 1 ? '' : 's'} ahead`,
        },
        location: source.locate(path),
        related: [{ message: `source: ${ir.data.source}: the targets are the inputs shifted by one position`, location: source.locate(['data', 'source']) }],
        hint:
          reach.field === 'bidirectional'
            ? 'Set bidirectional: false (a next-token model reads only the past); for a model of both directions, train a forward and a backward model on their own targets.'
            : `Use kernel_size 1 (pool_size 1), which reads position t only, or drop the layer: the spec language has no causal padding (Keras's padding: causal) yet.`,
      });
    }
  },
};
