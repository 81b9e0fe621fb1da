/**
 * The lstm layer of a graph model (spec v2, issue #21): stacked LSTM layers over [batch, length,
 * features], as Keras's LSTM and PyTorch's nn.LSTM compute them (and the PyTorch target's
 * mlpc_runtime/recurrent.py). Per layer, with the spec's kernel K [in, 4·units], recurrent kernel
 * R [units, 4·units] and bias b [4·units] (Keras layout, the saved one), gates in the order (i, f, c, o):
 *
 *   z = x(t)·K + h(t−1)·R + b;  i, f, o = σ(z_i), σ(z_f), σ(z_o);  g = tanh(z_c)
 *   c(t) = f·c(t−1) + i·g;      h(t) = o·tanh(c(t));               h(−1) = c(−1) = 0
 *
 * Between stacked layers, dropout on each layer's output but the last's, training passes only
 * (PyTorch nn.LSTM(dropout=p)). The output is every h(t) of the last layer, or its last h. The other
 * placements (docs/spec-v2.md#recurrent-dropout), training passes only: input_dropout multiplies each
 * layer's input by one mask per sequence, recurrent_dropout h(t−1) where it enters h(t−1)·R (the
 * op's recurrentMask, in the backward too), weight_drop gives the layer R ⊙ a DropConnect mask.
 *
 * Gradient: backpropagation through time written out (one tf.customGrad per layer) instead of tfjs
 * autograd through T steps of slices, splits and products: every product is plain (explicitly
 * transposed operands, /work/shared/design/tfjs-wasm-notes.md), x·K and the weight gradients are one
 * product over all positions, and the per-step backward is a handful of element-wise kernels.
 * test/runtime/layers/lstm.test.ts checks it against autograd through the same forward.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardRun } from './sequence-layers.js';
import { dropoutMaskValues } from '../layers/dropout.js';
import { sequenceDropout, weightDropped } from './stochastic.js';

/** One stacked layer's weights in Keras layout: kernel [in, 4·units], recurrentKernel [units, 4·units], bias [4·units]. */
export interface LstmWeights {
  kernel: tf.Tensor;
  recurrentKernel: tf.Tensor;
  bias: tf.Tensor;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** a·b of row-major [rows, inner] values and a [inner, cols] tensor, as values (one plain wasm product). */
export function rowProduct(a: Float32Array, rows: number, inner: number, b: tf.Tensor): Float32Array {
  return rowValues(tf.tensor2d(a, [rows, inner]), (left) => tf.matMul(left, b as tf.Tensor2D));
}

/** The values of f(t), t and f(t) then freed (not tf.tidy: it would walk the returned array element by element). */
export function rowValues(t: tf.Tensor, f: (t: tf.Tensor) => tf.Tensor): Float32Array {
  const result = f(t);
  const values = result.dataSync() as Float32Array;
  result.dispose();
  t.dispose();
  return values;
}

/**
 * One LSTM layer, x [batch, length, in] → h [batch, length, units], with its gradient written out.
 * tfjs's slice, split and unstack kernels on wasm cost milliseconds each on [batch, 4·units] (measured:
 * unstacking [64, 32, 512] took over a second), so the time loop runs on plain arrays: per step one wasm
 * product h(t−1)·R (backward: dz·Rᵀ) and the gates in JavaScript; x·K + b, dx, dK, dR and db are one
 * product each over all positions. The forward keeps what the backward reads (the gates, c and h) in
 * the closure as plain arrays (no tensor outlives the forward's tidy).
 */
/** h ⊙ mask, row by row: mask [batch, units] is one sequence's recurrent_dropout mask per batch row (Gal & Ghahramani 2016). */
export function maskedRows(h: Float32Array, mask: Float32Array | null): Float32Array {
  if (mask === null) return h;
  const out = new Float32Array(h.length);
  for (let k = 0; k < h.length; k++) out[k] = h[k] * mask[k];
  return out;
}

/**
 * The layer op; `recurrentMask` [batch, units] (or null) multiplies h(t−1) where it enters the recurrent
 * product, the same mask at every step: z = x(t)·K + (h(t−1) ⊙ m)·R + b, so dR reads h(t−1) ⊙ m and the
 * gradient reaching h(t−1) through R is masked too.
 */
const lstmLayerOpFor = (recurrentMask: Float32Array | null) => tf.customGrad((xInput, kernelInput, recurrentInput, biasInput, saveInput) => {
  const x = xInput as tf.Tensor3D;
  const kernel = kernelInput as tf.Tensor2D;
  const recurrent = recurrentInput as tf.Tensor2D;
  const bias = biasInput as tf.Tensor1D;
  const save = saveInput as tf.GradSaveFunc;
  const [batch, length, features] = x.shape;
  const units = recurrent.shape[0];
  const width = 4 * units;
  const x2d = tf.reshape(x, [batch * length, features]);
  // x(t)·K + b at every position, rows in x's order (batch-major).
  const projected = rowValues(tf.matMul(x2d, kernel), (xk) => tf.add(xk, bias));
  // Per step t (time-major): the gates [i | f | g | o] after their nonlinearities, c(t−1), tanh c(t), h(t−1).
  const gates = new Float32Array(length * batch * width);
  const previousC = new Float32Array(length * batch * units);
  const tanhC = new Float32Array(length * batch * units);
  const previousH = new Float32Array(batch * length * units); // batch-major, the rows of dz
  const output = new Float32Array(batch * length * units);
  let h = new Float32Array(batch * units);
  let c = new Float32Array(batch * units);
  for (let t = 0; t < length; t++) {
    const hIn = maskedRows(h, recurrentMask);
    const recurrentPart = t === 0 ? null : rowProduct(hIn, batch, units, recurrent);
    const nextH = new Float32Array(batch * units);
    const nextC = new Float32Array(batch * units);
    for (let b = 0; b < batch; b++) {
      const p = (b * length + t) * width;
      const gate = (t * batch + b) * width;
      for (let j = 0; j < units; j++) {
        const r = b * width + j;
        const i = sigmoid(projected[p + j] + (recurrentPart === null ? 0 : recurrentPart[r]));
        const f = sigmoid(projected[p + units + j] + (recurrentPart === null ? 0 : recurrentPart[r + units]));
        const g = Math.tanh(projected[p + 2 * units + j] + (recurrentPart === null ? 0 : recurrentPart[r + 2 * units]));
        const o = sigmoid(projected[p + 3 * units + j] + (recurrentPart === null ? 0 : recurrentPart[r + 3 * units]));
        const state = b * units + j;
        const cell = f * c[state] + i * g;
        const tc = Math.tanh(cell);
        gates[gate + j] = i;
        gates[gate + units + j] = f;
        gates[gate + 2 * units + j] = g;
        gates[gate + 3 * units + j] = o;
        previousC[(t * batch + b) * units + j] = c[state];
        tanhC[(t * batch + b) * units + j] = tc;
        previousH[(b * length + t) * units + j] = hIn[state];
        nextC[state] = cell;
        nextH[state] = o * tc;
        output[(b * length + t) * units + j] = o * tc;
      }
    }
    h = nextH;
    c = nextC;
  }
  save([x2d, kernel, recurrent]);
  return {
    value: tf.tensor3d(output, [batch, length, units]),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedX, savedKernel, savedRecurrent] = saved;
      const dOutput = (dy as tf.Tensor).dataSync() as Float32Array;
      const recurrentT = tf.transpose(savedRecurrent);
      const dz = new Float32Array(batch * length * width); // batch-major, as x's rows
      const dzStep = new Float32Array(batch * width);
      let dhNext: Float32Array | null = null;
      let dcNext = new Float32Array(batch * units);
      for (let t = length - 1; t >= 0; t--) {
        const dc = new Float32Array(batch * units);
        for (let b = 0; b < batch; b++) {
          const gate = (t * batch + b) * width;
          for (let j = 0; j < units; j++) {
            const state = b * units + j;
            const step = (t * batch + b) * units + j;
            const i = gates[gate + j];
            const f = gates[gate + units + j];
            const g = gates[gate + 2 * units + j];
            const o = gates[gate + 3 * units + j];
            const tc = tanhC[step];
            const dh = dOutput[(b * length + t) * units + j] + (dhNext === null ? 0 : dhNext[state]);
            // dc(t) = dc(t+1)·f(t+1) + dh·o·(1 − tanh² c(t))
            const dcell = dcNext[state] + dh * o * (1 - tc * tc);
            dc[state] = dcell * f;
            const row = b * width;
            dzStep[row + j] = dcell * g * i * (1 - i);
            dzStep[row + units + j] = dcell * previousC[step] * f * (1 - f);
            dzStep[row + 2 * units + j] = dcell * i * (1 - g * g);
            dzStep[row + 3 * units + j] = dh * tc * o * (1 - o);
          }
          dz.set(dzStep.subarray(b * width, (b + 1) * width), (b * length + t) * width);
        }
        dcNext = dc;
        dhNext = t > 0 ? maskedRows(rowProduct(dzStep, batch, width, recurrentT), recurrentMask) : null;
      }
      const dz2d = tf.tensor2d(dz, [batch * length, width]);
      const dx = tf.reshape(tf.matMul(dz2d, tf.transpose(savedKernel)), [batch, length, features]);
      const dKernel = tf.matMul(tf.transpose(savedX), dz2d);
      const dRecurrent = tf.matMul(tf.transpose(tf.tensor2d(previousH, [batch * length, units])), dz2d);
      const dBias = tf.sum(dz2d, 0);
      return [dx, dKernel, dRecurrent, dBias];
    },
  };
});
const lstmLayerOp = lstmLayerOpFor(null);

/** One LSTM layer: x [batch, length, in] → every h(t) [batch, length, units]; `recurrentMask` [batch, units]: recurrent_dropout's. */
export function lstmLayer(x: tf.Tensor, weights: LstmWeights, recurrentMask: Float32Array | null = null): tf.Tensor {
  if (x.rank !== 3) throw new Error(`internal: lstm takes [batch, length, features], got rank ${x.rank}`);
  const op = recurrentMask === null ? lstmLayerOp : lstmLayerOpFor(recurrentMask);
  return op(x, weights.kernel, weights.recurrentKernel, weights.bias);
}

/** The dropout placements of docs/spec-v2.md#recurrent-dropout beyond `dropout` between layers (0 = off). */
export interface RecurrentPlacements {
  /** Gal & Ghahramani 2016: one mask [batch, features] per sequence on each layer's input. */
  inputDropout?: number;
  /** Gal & Ghahramani 2016: one mask [batch, units] per sequence on h(t−1) into the recurrent product. */
  recurrentDropout?: number;
  /** AWD-LSTM: DropConnect on each recurrent kernel, one mask per pass. */
  weightDrop?: number;
}

/** A layer's variational masks in a training pass: its input times one mask per sequence, and h(t−1)'s mask (or null). */
export function variationalMasks(x: tf.Tensor, units: number, placements: RecurrentPlacements, run: ForwardRun): { x: tf.Tensor; recurrentMask: Float32Array | null } {
  if (!run.training) return { x, recurrentMask: null };
  const [batch, , features] = x.shape as [number, number, number];
  const inputRate = placements.inputDropout ?? 0;
  const recurrentRate = placements.recurrentDropout ?? 0;
  const masked = inputRate > 0 ? tf.mul(x, tf.tensor3d(dropoutMaskValues(batch * features, inputRate, run.maskSeed()), [batch, 1, features])) : x;
  return { x: masked, recurrentMask: recurrentRate > 0 ? dropoutMaskValues(batch * units, recurrentRate, run.maskSeed()) : null };
}

/**
 * A stack of recurrent layers (lstm, gru): `layers` stacked (weights in order), dropout between them in
 * training passes, the variational masks and weight drop of each, every position's h of the last layer
 * ([batch, length, units]) or, without returnSequences, its last ([batch, units]).
 */
export function recurrentStack<W extends { recurrentKernel: tf.Tensor }>(
  x: tf.Tensor,
  layers: W[],
  returnSequences: boolean,
  dropout: number,
  run: ForwardRun,
  placements: RecurrentPlacements,
  layer: (input: tf.Tensor, weights: W, recurrentMask: Float32Array | null) => tf.Tensor,
): tf.Tensor {
  let h = x;
  layers.forEach((weights, index) => {
    if (index > 0) h = sequenceDropout(h, dropout, run);
    const units = weights.recurrentKernel.shape[0]!;
    const { x: input, recurrentMask } = variationalMasks(h, units, placements, run);
    // weight_drop: DropConnect on the recurrent kernel, one mask per training pass (AWD-LSTM).
    h = layer(input, { ...weights, recurrentKernel: weightDropped(weights.recurrentKernel, placements.weightDrop ?? 0, run) }, recurrentMask);
  });
  if (returnSequences) return h;
  const [batch, length, units] = h.shape as [number, number, number];
  return tf.reshape(tf.slice(h, [0, length - 1, 0], [batch, 1, units]), [batch, units]);
}

/** The spec's lstm layer: a recurrentStack of lstmLayer. */
export function lstm(x: tf.Tensor, layers: LstmWeights[], returnSequences: boolean, dropout: number, run: ForwardRun, placements: RecurrentPlacements = {}): tf.Tensor {
  return recurrentStack(x, layers, returnSequences, dropout, run, placements, lstmLayer);
}
