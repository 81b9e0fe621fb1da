/**
 * Dense layer y = activation(x·W + b) with an explicit backward pass.
 *
 * Why not autograd: tfjs's matMul gradient calls BatchMatMul with transposeA / transposeB, which on
 * the wasm backend leaves XNNPACK and runs 5–37× slower than a plain matMul (1024³ measured: 74 ms
 * plain vs 1,280 ms with transposeA). Here every product is a plain matMul of explicitly transposed
 * operands; the transposes cost far less than they save.
 *
 * Known floor: XNNPACK packs a matMul's right operand once per tensor, and the kernel is a new tensor
 * after every update, so x·W for 784×1024 at batch 128 takes ~11 ms instead of ~6.5 ms with a
 * reused W (bench/kernels/mlp-step.mts). Computing (Wᵀ·xᵀ)ᵀ instead was measured no faster (the
 * [784, 1024] transpose costs 2–3 ms and bias + relu no longer fuse).
 */
import * as tf from '@tensorflow/tfjs';
import { type Activation, type ActivationCache, activationBackward, applyActivation, isFusableActivation } from './activation.js';

export interface DenseCache {
  x: tf.Tensor2D;
  kernel: tf.Tensor2D;
  hasBias: boolean;
  activation: ActivationCache;
}

export function denseForward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: Activation,
): { y: tf.Tensor2D; cache: DenseCache } {
  const fusable = isFusableActivation(activation);
  // Bias and relu/elu/sigmoid run inside the matMul kernel (one pass over the output).
  const z = tf.fused.matMul({
    a: x,
    b: kernel,
    bias: bias ?? undefined,
    activation: fusable ? activation : 'linear',
  }) as tf.Tensor2D;
  const y: tf.Tensor2D = fusable ? z : applyActivation(z, activation);
  return { y, cache: { x, kernel, hasBias: bias !== null, activation: { activation, y } } };
}

/**
 * dKernel = xᵀ·dz, dBias = Σ_batch dz, dx = dz·Wᵀ (only when needInputGrad: the first layer's
 * input gradient is a wasted [batch, 784]×[784, 1024] product).
 */
export function denseBackward(
  dy: tf.Tensor2D,
  cache: DenseCache,
  needInputGrad: boolean,
): { dx: tf.Tensor2D | null; dKernel: tf.Tensor2D; dBias: tf.Tensor1D | null } {
  const dz = activationBackward(dy, cache.activation);
  // xᵀ·dz as written: computing (dzᵀ·x)ᵀ instead was slower for every shape measured (XNNPACK
  // would pack x, and the result needs transposing back).
  const dKernel = tf.matMul<tf.Tensor2D>(tf.transpose(cache.x), dz);
  // tf.sum over the batch, not a [1, batch]·dz product with ones: dz is a fresh tensor, and XNNPACK
  // repacks a new right operand (measured for [128, 1024]: sum 0.33 ms, product 0.52 ms;
  // bench/kernels/column-sums.mts).
  const dBias = cache.hasBias ? tf.sum<tf.Tensor1D>(dz, 0) : null;
  const dx = needInputGrad ? transposedRightProduct(dz, cache.kernel) : null;
  return { dx, dKernel, dBias };
}

/**
 * a·bᵀ with plain matMuls, as a·(bᵀ) or (b·aᵀ)ᵀ. Cost model from wasm measurements: XNNPACK packs the
 * right operand of every product it has not seen (≈ 2× a transpose of the same size), so a·(bᵀ)
 * moves ~3·|b| elements and (b·aᵀ)ᵀ ~3·|a| + |result|. For dx = dz·Wᵀ of a 1024→1024 layer at batch
 * 128 the second took 24 ms against 47 ms (loaded machine, bench/kernels/dense-products.mts); for
 * the 1024→10 output layer the first, 0.32 ms against 0.60 ms.
 */
export function transposedRightProduct(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const [aRows, inner] = a.shape;
  const bRows = b.shape[0];
  const direct = 3 * bRows * inner;
  const viaResult = 3 * aRows * inner + aRows * bRows;
  return direct <= viaResult ? tf.matMul(a, tf.transpose(b)) : tf.transpose(tf.matMul<tf.Tensor2D>(b, tf.transpose(a)));
}
