/**
 * Dense layer y = activation(x·Wᵀ + b) with an explicit backward pass. The kernel is stored
 * units-major, W: [units, in] (as PyTorch's nn.Linear stores it); scripts save it in Keras's
 * [in, units] layout.
 *
 * Why not autograd: tfjs's matMul gradient calls BatchMatMul with transposeA / transposeB, which on
 * the wasm backend leaves XNNPACK and runs 5–37× slower than a plain matMul (1024³ measured: 74 ms
 * plain vs 1,280 ms with transposeA). Here every product is a plain matMul of explicitly transposed
 * operands; the transposes cost far less than they save.
 *
 * Why units-major: XNNPACK packs the right operand of a product once per tensor, and the kernel is a
 * new tensor after every update. Stored [units, in], the kernel is the LEFT operand of the forward
 * product (W·xᵀ)ᵀ and of its gradient dzᵀ·x, which XNNPACK reads as is, and only batch-sized operands
 * get packed: the 784→1024 forward at batch 128 takes 6.7 ms instead of 9.7 ms with x·W
 * (bench/experiments/kernels/dense-layout.mts). The kernel is packed once per step, for dx = dz·W, and only in
 * layers that need an input gradient.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../shared/layer-config.js';
import { type ActivationCache, activationBackward, applyActivation, isFusableActivation } from './activation.js';
import { sumAllButLastAxis } from './column-sums.js';

export interface DenseCache {
  x: tf.Tensor2D;
  /** [units, in] */
  kernel: tf.Tensor2D;
  hasBias: boolean;
  activation: ActivationCache;
}

/**
 * Whether (W·xᵀ)ᵀ beats x·(Wᵀ) with fused bias and activation. Elements moved, with XNNPACK's packing
 * of a new right operand counted as ≈ 2 passes: (W·xᵀ)ᵀ transposes and packs x and transposes, biases
 * and activates the output, ≈ 3·batch·(in + units); x·(Wᵀ) transposes and packs W, ≈ 3·in·units. So
 * wide layers go through (W·xᵀ)ᵀ and narrow ones (the 1024→10 output layer) through x·(Wᵀ).
 */
function leftKernelPays(batch: number, inputs: number, units: number): boolean {
  return batch * (inputs + units) < inputs * units;
}

export function denseForward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | null,
  activation: Activation,
): { y: tf.Tensor2D; cache: DenseCache } {
  const [batch, inputs] = x.shape;
  let y: tf.Tensor2D;
  if (leftKernelPays(batch, inputs, kernel.shape[0])) {
    const z = tf.transpose(tf.matMul<tf.Tensor2D>(kernel, tf.transpose(x)));
    y = applyActivation(bias === null ? z : tf.add(z, bias), activation);
  } else {
    const fusable = isFusableActivation(activation);
    // Bias and relu/elu/sigmoid run inside the matMul kernel (one pass over the output).
    const z = tf.fused.matMul({
      a: x,
      b: tf.transpose(kernel),
      bias: bias ?? undefined,
      activation: fusable ? activation : 'linear',
    }) as tf.Tensor2D;
    y = fusable ? z : applyActivation(z, activation);
  }
  return { y, cache: { x, kernel, hasBias: bias !== null, activation: { activation, y } } };
}

/**
 * dKernel = dzᵀ·x ([units, in], the kernel's layout), dBias = Σ_batch dz, dx = dz·W (only when
 * needInputGrad: the first layer's input gradient is a wasted [batch, units]×[units, in] product).
 */
export function denseBackward(
  dy: tf.Tensor2D,
  cache: DenseCache,
  needInputGrad: boolean,
): { dx: tf.Tensor2D | null; dKernel: tf.Tensor2D; dBias: tf.Tensor1D | null } {
  const dz = activationBackward(dy, cache.activation);
  const dKernel = kernelGradient(dz, cache.x);
  // Not a [1, batch]·dz product with ones: dz is a fresh tensor, and XNNPACK would pack it.
  const dBias = cache.hasBias ? sumAllButLastAxis(dz) : null;
  const dx = needInputGrad ? tf.matMul<tf.Tensor2D>(dz, cache.kernel) : null;
  return { dx, dKernel, dBias };
}

/**
 * dzᵀ·x, or (xᵀ·dz)ᵀ when the layer is narrow. Elements moved (a new right operand packed ≈ 2
 * passes): dzᵀ·x transposes dz and packs x, ≈ batch·units + 2·batch·in; (xᵀ·dz)ᵀ transposes x, packs
 * dz and transposes the result, ≈ batch·in + 2·batch·units + in·units. For the 1024→10 output layer
 * at batch 128 the second takes 0.39 ms against 0.55 ms; for 784→1024 the first wins.
 */
function kernelGradient(dz: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  const [batch, units] = dz.shape;
  const inputs = x.shape[1];
  const direct = batch * units + 2 * batch * inputs;
  const viaInputTranspose = batch * inputs + 2 * batch * units + inputs * units;
  return direct <= viaInputTranspose
    ? tf.matMul<tf.Tensor2D>(tf.transpose(dz), x)
    : tf.transpose(tf.matMul<tf.Tensor2D>(tf.transpose(x), dz));
}
