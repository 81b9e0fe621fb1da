/**
 * The gru layer of a graph model (spec v2, issue #21): stacked GRU layers (Cho et al. 2014) as Keras's
 * GRU with reset_after=True (its default since TF 2) and PyTorch's nn.GRU compute them (the PyTorch
 * target: mlpc_runtime/recurrent.py). Per layer, with kernel K [in, 3·units], recurrent kernel R
 * [units, 3·units], bias b and recurrent bias b' [3·units], column blocks in Keras's order (z, r, h):
 *
 *   x̂ = x(t)·K + b;  ĥ = h(t−1)·R + b';  z = σ(x̂_z + ĥ_z);  r = σ(x̂_r + ĥ_r)
 *   n = tanh(x̂_h + r·ĥ_h);  h(t) = z·h(t−1) + (1 − z)·n;  h(−1) = 0
 *
 * (reset_after: the reset gate multiplies h(t−1)·R + b', as cuDNN and PyTorch; Keras 1's reset_after=False
 * multiplied h(t−1) before the product.) Dropout between stacked layers as the lstm's (./lstm.ts), and the
 * same written-out gradient: one product over all positions for x·K, dx, dK, dR; per step one wasm
 * product and plain-array element-wise work (tfjs's slice and split kernels are slow on wasm).
 * test/runtime/layers/gru.test.ts checks it against the equations in doubles and against autograd.
 */
import * as tf from '@tensorflow/tfjs';
import { maskedRows, type RecurrentPlacements, recurrentStack, rowProduct, rowValues } from './lstm.js';
import type { ForwardRun } from './sequence-layers.js';

/** One stacked layer's weights in Keras layout: kernel [in, 3·units], recurrentKernel [units, 3·units], bias and recurrentBias [3·units]. */
export interface GruWeights {
  kernel: tf.Tensor;
  recurrentKernel: tf.Tensor;
  bias: tf.Tensor;
  recurrentBias: tf.Tensor;
}

function logistic(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The layer op; `recurrentMask` [batch, units] (or null): recurrent_dropout's, on h(t−1) in ĥ = (h(t−1) ⊙ m)·R + b' only (the update z·h(t−1) reads it unmasked, as Keras's GRU). */
const gruLayerOpFor = (recurrentMask: Float32Array | null) => tf.customGrad((xInput, kernelInput, recurrentInput, biasInput, recurrentBiasInput, saveInput) => {
  const x = xInput as tf.Tensor3D;
  const kernel = kernelInput as tf.Tensor2D;
  const recurrent = recurrentInput as tf.Tensor2D;
  const bias = biasInput as tf.Tensor1D;
  const recurrentBias = (recurrentBiasInput as tf.Tensor1D).dataSync();
  const save = saveInput as tf.GradSaveFunc;
  const [batch, length, features] = x.shape;
  const units = recurrent.shape[0];
  const width = 3 * units;
  const x2d = tf.reshape(x, [batch * length, features]);
  const projected = rowValues(tf.matMul(x2d, kernel), (xk) => tf.add(xk, bias));
  // Per step (time-major): z, r, n, and ĥ_h (the recurrent part of the candidate, before r); h(t−1) batch-major.
  const zs = new Float32Array(length * batch * units);
  const rs = new Float32Array(length * batch * units);
  const ns = new Float32Array(length * batch * units);
  const hiddenH = new Float32Array(length * batch * units);
  const previousH = new Float32Array(batch * length * units);
  // h(t−1) ⊙ m as the recurrent product read it (dR); previousH itself when there is no mask.
  const productH = recurrentMask === null ? previousH : new Float32Array(batch * length * units);
  const output = new Float32Array(batch * length * units);
  let h = new Float32Array(batch * units);
  for (let t = 0; t < length; t++) {
    const hIn = maskedRows(h, recurrentMask);
    const hr = t === 0 ? null : rowProduct(hIn, batch, units, recurrent);
    const next = new Float32Array(batch * units);
    for (let b = 0; b < batch; b++) {
      const p = (b * length + t) * width;
      for (let j = 0; j < units; j++) {
        const r0 = b * width + j;
        const hz = (hr === null ? 0 : hr[r0]) + recurrentBias[j];
        const hrr = (hr === null ? 0 : hr[r0 + units]) + recurrentBias[units + j];
        const hh = (hr === null ? 0 : hr[r0 + 2 * units]) + recurrentBias[2 * units + j];
        const z = logistic(projected[p + j] + hz);
        const r = logistic(projected[p + units + j] + hrr);
        const n = Math.tanh(projected[p + 2 * units + j] + r * hh);
        const state = b * units + j;
        const step = (t * batch + b) * units + j;
        const value = z * h[state] + (1 - z) * n;
        zs[step] = z;
        rs[step] = r;
        ns[step] = n;
        hiddenH[step] = hh;
        previousH[(b * length + t) * units + j] = h[state];
        productH[(b * length + t) * units + j] = hIn[state];
        next[state] = value;
        output[(b * length + t) * units + j] = value;
      }
    }
    h = next;
  }
  save([x2d, kernel, recurrent]);
  return {
    value: tf.tensor3d(output, [batch, length, units]),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [savedX, savedKernel, savedRecurrent] = saved;
      const dOutput = (dy as tf.Tensor).dataSync() as Float32Array;
      const recurrentT = tf.transpose(savedRecurrent);
      const dInput = new Float32Array(batch * length * width); // d x̂, batch-major
      const dHidden = new Float32Array(batch * length * width); // d ĥ, batch-major
      const dHiddenStep = new Float32Array(batch * width);
      let dhNext: Float32Array | null = null;
      for (let t = length - 1; t >= 0; t--) {
        const direct = new Float32Array(batch * units);
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < units; j++) {
            const state = b * units + j;
            const step = (t * batch + b) * units + j;
            const row = (b * length + t) * width;
            const z = zs[step];
            const r = rs[step];
            const n = ns[step];
            const dh = dOutput[(b * length + t) * units + j] + (dhNext === null ? 0 : dhNext[state]);
            const dn = dh * (1 - z) * (1 - n * n);
            const dz = dh * (previousH[(b * length + t) * units + j] - n) * z * (1 - z);
            const dr = dn * hiddenH[step] * r * (1 - r);
            dInput[row + j] = dz;
            dInput[row + units + j] = dr;
            dInput[row + 2 * units + j] = dn;
            dHidden[row + j] = dz;
            dHidden[row + units + j] = dr;
            dHidden[row + 2 * units + j] = dn * r;
            dHiddenStep[b * width + j] = dz;
            dHiddenStep[b * width + units + j] = dr;
            dHiddenStep[b * width + 2 * units + j] = dn * r;
            direct[state] = dh * z;
          }
        }
        if (t > 0) {
          const throughR = maskedRows(rowProduct(dHiddenStep, batch, width, recurrentT), recurrentMask);
          for (let k = 0; k < direct.length; k++) direct[k] += throughR[k];
        }
        dhNext = direct;
      }
      const dInput2d = tf.tensor2d(dInput, [batch * length, width]);
      const dHidden2d = tf.tensor2d(dHidden, [batch * length, width]);
      const dx = tf.reshape(tf.matMul(dInput2d, tf.transpose(savedKernel)), [batch, length, features]);
      const dKernel = tf.matMul(tf.transpose(savedX), dInput2d);
      const dRecurrent = tf.matMul(tf.transpose(tf.tensor2d(productH, [batch * length, units])), dHidden2d);
      return [dx, dKernel, dRecurrent, tf.sum(dInput2d, 0), tf.sum(dHidden2d, 0)];
    },
  };
});
const gruLayerOp = gruLayerOpFor(null);

/** One GRU layer: x [batch, length, in] → every h(t) [batch, length, units]. */
export function gruLayer(x: tf.Tensor, weights: GruWeights, recurrentMask: Float32Array | null = null): tf.Tensor {
  if (x.rank !== 3) throw new Error(`internal: gru takes [batch, length, features], got rank ${x.rank}`);
  const op = recurrentMask === null ? gruLayerOp : gruLayerOpFor(recurrentMask);
  return op(x, weights.kernel, weights.recurrentKernel, weights.bias, weights.recurrentBias);
}

/** The spec's gru layer: a recurrentStack (./lstm.ts) of gruLayer. */
export function gru(x: tf.Tensor, layers: GruWeights[], returnSequences: boolean, dropout: number, run: ForwardRun, placements: RecurrentPlacements = {}): tf.Tensor {
  return recurrentStack(x, layers, returnSequences, dropout, run, placements, gruLayer);
}
