/**
 * FLOPs of one training step, counted from the IR's layers, the way GEMM benchmarks count:
 * 2*m*k*n per matrix product (a multiply and an add per MAC), and for a conv2d
 * 2 * batch * outH * outW * (kh*kw*in) * filters per pass.
 * A step = forward + backward: the forward product, the kernel gradient (the same MAC count) and
 * the input gradient (the same MAC count again), except for the first weighted layer, whose input
 * gradient nobody needs. Elementwise work (bias, activations, dropout, batch norm, loss, the
 * optimizer update, max-norm) is not counted: it is O(activations + params), not O(MACs), and
 * leaving it out makes "fraction of peak matMul" an honest upper bound for the GEMM share.
 */

function product(shape) {
  return shape.reduce((acc, n) => acc * n, 1);
}

/** MACs of one forward pass of one example through a layer (0 for layers without a product). */
export function layerForwardMacs(layer) {
  if (layer.type === 'dense') return product(layer.inputShape) * layer.units;
  if (layer.type === 'conv2d') {
    const [outH, outW] = layer.outputShape;
    const inChannels = layer.inputShape[2];
    return outH * outW * layer.kernelSize[0] * layer.kernelSize[1] * inChannels * layer.filters;
  }
  return 0;
}

/** { forward, backward, step } FLOPs for one training step of `batchSize` examples. */
export function trainingStepFlops(layers, batchSize) {
  let forward = 0;
  let backward = 0;
  let seenWeighted = false;
  for (const layer of layers) {
    const macs = layerForwardMacs(layer);
    if (macs === 0) continue;
    const flops = 2 * macs * batchSize;
    forward += flops;
    backward += flops; // kernel gradient
    if (seenWeighted) backward += flops; // input gradient
    seenWeighted = true;
  }
  return { forward, backward, step: forward + backward };
}

/** FLOPs of evaluating `examples` examples (forward only, no dropout). */
export function evaluationFlops(layers, examples) {
  return layers.reduce((acc, layer) => acc + 2 * layerForwardMacs(layer) * examples, 0);
}
