/**
 * Bidirectional lstm and gru stacks (spec v2, issue #21, `bidirectional: true`), as Keras's
 * Bidirectional(layer, merge_mode='concat') and PyTorch's nn.LSTM / nn.GRU(bidirectional=True)
 * compute them. Each stacked layer runs two cells of its own weights over its input x [batch, length,
 * in]: the forward one as ./lstm.ts or ./gru.ts, and the backward one over x reversed in time, its
 * outputs reversed back, so position t holds the backward h after reading x(T−1) … x(t). The layer's
 * output is [forward h(t), backward h(t)] concatenated (2·units), the input of the next layer (with the
 * stack's dropout between layers on it, as PyTorch). Without return_sequences the result is the forward
 * h at the last position and the backward h at position 0 (after the whole reversed sequence):
 * Keras's Bidirectional with return_sequences=False, and PyTorch's h_n of the last layer
 * (torch.cat((h_n[-2], h_n[-1]), -1)), not output[:, -1].
 *
 * The backward cell is the forward cell's code (its written-out gradient included) on tf.reverse'd
 * inputs; reverse and concat have tfjs's own gradients. test/runtime/layers/bidirectional.test.ts
 * checks it against the equations in doubles.
 */
import * as tf from '@tensorflow/tfjs';
import { type GruWeights, gruLayer } from './gru.js';
import { type LstmWeights, lstmLayer } from './lstm.js';
import type { ForwardRun } from './sequence-layers.js';
import { sequenceDropout } from './stochastic.js';

/** One stacked layer's two directions, each in its cell's Keras layout. */
export interface Bidirectional<W> {
  forward: W;
  backward: W;
}

function bidirectionalStack<W>(
  x: tf.Tensor,
  layers: Bidirectional<W>[],
  returnSequences: boolean,
  dropout: number,
  run: ForwardRun,
  cell: (x: tf.Tensor, weights: W) => tf.Tensor,
): tf.Tensor {
  let h = x;
  layers.forEach(({ forward, backward }, index) => {
    if (index > 0) h = sequenceDropout(h, dropout, run);
    const ahead = cell(h, forward);
    const behind = tf.reverse(cell(tf.reverse(h, 1), backward), 1);
    h = tf.concat([ahead, behind], 2);
  });
  if (returnSequences) return h;
  const [batch, length, width] = h.shape as [number, number, number];
  const units = width / 2;
  const lastForward = tf.reshape(tf.slice(h, [0, length - 1, 0], [batch, 1, units]), [batch, units]);
  const firstBackward = tf.reshape(tf.slice(h, [0, 0, units], [batch, 1, units]), [batch, units]);
  return tf.concat([lastForward, firstBackward], 1);
}

/** The spec's lstm layer with bidirectional: true: [batch, length, 2·units], or [batch, 2·units] without returnSequences. */
export function bidirectionalLstm(x: tf.Tensor, layers: Bidirectional<LstmWeights>[], returnSequences: boolean, dropout: number, run: ForwardRun): tf.Tensor {
  return bidirectionalStack(x, layers, returnSequences, dropout, run, lstmLayer);
}

/** The spec's gru layer with bidirectional: true, as bidirectionalLstm. */
export function bidirectionalGru(x: tf.Tensor, layers: Bidirectional<GruWeights>[], returnSequences: boolean, dropout: number, run: ForwardRun): tf.Tensor {
  return bidirectionalStack(x, layers, returnSequences, dropout, run, gruLayer);
}
