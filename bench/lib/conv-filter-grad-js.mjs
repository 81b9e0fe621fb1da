/**
 * A plain JS port of tfjs-backend-cpu's Conv2DBackpropFilter (NHWC), registered for 'wasm', where
 * tfjs 4.22 ships no such kernel. This is what a tfjs user stuck on wasm could paste in to make a
 * conv net train at all: it is the "fit, with a JS filter gradient" column, not mlpc's fast path.
 */
export function registerJsConv2dBackpropFilter(tf) {
  const kernelName = 'Conv2DBackpropFilter';
  if (tf.getKernel(kernelName, 'wasm')) return false;
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: conv2dBackpropFilterJs });
  return true;

  function conv2dBackpropFilterJs({ inputs, backend, attrs }) {
    const { x, dy } = inputs;
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape, filterShape, strides, 1, pad, dimRoundingMode, false,
      tf.backend_util.convertConv2DDataFormat(dataFormat),
    );
    if (info.dataFormat !== 'channelsLast') throw new Error('conv2dBackpropFilterJs: NHWC only');
    const xs = backend.readSync(x.dataId);
    const dys = backend.readSync(dy.dataId);
    const [, inH, inW, inC] = x.shape;
    const { outHeight: outH, outWidth: outW, outChannels: outC, batchSize } = info;
    const { top: topPad, left: leftPad } = info.padInfo;
    const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const dW = new Float32Array(fh * fw * inC * outC);
    for (let wR = 0; wR < fh; ++wR) {
      const yRMin = Math.max(0, Math.ceil((topPad - wR) / sh));
      const yRMax = Math.min(outH, (inH + topPad - wR) / sh);
      for (let wC = 0; wC < fw; ++wC) {
        const yCMin = Math.max(0, Math.ceil((leftPad - wC) / sw));
        const yCMax = Math.min(outW, (inW + leftPad - wC) / sw);
        for (let d1 = 0; d1 < inC; ++d1) {
          for (let d2 = 0; d2 < outC; ++d2) {
            let dot = 0;
            for (let b = 0; b < batchSize; ++b) {
              for (let yR = yRMin; yR < yRMax; ++yR) {
                const xR = wR + yR * sh - topPad;
                const xRow = (b * inH + xR) * inW;
                const dyRow = (b * outH + yR) * outW;
                for (let yC = yCMin; yC < yCMax; ++yC) {
                  const xC = wC + yC * sw - leftPad;
                  dot += xs[(xRow + xC) * inC + d1] * dys[(dyRow + yC) * outC + d2];
                }
              }
            }
            dW[((wR * fw + wC) * inC + d1) * outC + d2] = dot;
          }
        }
      }
    }
    const out = backend.makeOutput(filterShape, 'float32');
    backend.typedArrayFromHeap(out).set(dW);
    return out;
  }
}
