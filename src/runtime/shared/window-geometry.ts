/**
 * Output sizes and padding of 2-D windows (convolution, pooling), computed exactly as TensorFlow does:
 * the runtime's kernels, the compiler's shape inference and the PyTorch printer's padding all use it.
 * Pure and import-free (src/runtime/shared/), so the compiler may import it.
 */

export interface WindowGeometry {
  outSize: number;
  /** Zeros (or −∞ for max-pool) added before the first input row/column. */
  padBefore: number;
  padAfter: number;
}

/**
 * TF's rule: 'valid' = windows fully inside the input, out = ⌈(in − window + 1) / stride⌉ (Keras'
 * conv_output_length; out ≤ 0 when the window does not fit);
 * 'same' = out = ⌈in / stride⌉ with the total padding split so the extra element goes after.
 */
export function windowGeometry(inSize: number, window: number, stride: number, padding: 'valid' | 'same'): WindowGeometry {
  if (padding === 'valid') {
    return { outSize: Math.ceil((inSize - window + 1) / stride), padBefore: 0, padAfter: 0 };
  }
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max((outSize - 1) * stride + window - inSize, 0);
  const padBefore = Math.floor(total / 2);
  return { outSize, padBefore, padAfter: total - padBefore };
}
