/**
 * A matrix product (rank 2, or rank 3 batched) whose gradient multiplies explicitly transposed
 * operands. tfjs's own matMul gradient calls BatchMatMul with transposeA / transposeB, which on the
 * wasm backend leaves XNNPACK and runs 5–70× slower than a plain product
 * (/work/shared/design/tfjs-wasm-notes.md; src/runtime/layers/dense.ts measured 74 ms vs 1,280 ms at
 * 1024³). Every product of the graph layers goes through here, so autograd never reaches a transposed
 * BatchMatMul.
 */
import * as tf from '@tensorflow/tfjs';

/** The last two axes swapped: [m, n] → [n, m], [b, m, n] → [b, n, m]. */
export function swapLastAxes(t: tf.Tensor): tf.Tensor {
  return t.rank === 2 ? tf.transpose(t) : tf.transpose(t, [0, 2, 1]);
}

const plainProduct = tf.customGrad((a, b, save) => {
  const left = a as tf.Tensor;
  const right = b as tf.Tensor;
  (save as tf.GradSaveFunc)([left, right]);
  return {
    value: tf.matMul(left, right),
    // d(a·b)/da = dy·bᵀ, d(a·b)/db = aᵀ·dy, each a plain product of a transposed copy.
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(dy, swapLastAxes(saved[1])), tf.matMul(swapLastAxes(saved[0]), dy)],
  };
});

/** a·b for [m, k]·[k, n] or [batch, m, k]·[batch, k, n]. */
export function plainMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank !== b.rank || (a.rank !== 2 && a.rank !== 3)) throw new Error(`internal: plainMatMul of ranks ${a.rank} and ${b.rank}`);
  return plainProduct(a, b);
}
