/** Σ w² over tensors, accumulated in float64 on the host: a checksum that does not depend on how the weights are split. */
export function sumOfSquares(tensors) {
  let total = 0;
  for (const t of tensors) for (const v of t.dataSync()) total += v * v;
  return total;
}
