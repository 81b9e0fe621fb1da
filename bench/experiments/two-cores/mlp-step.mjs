/**
 * One data-parallel worker's training step of a ReLU MLP with dropout and L2 (the seed network),
 * backward written out with explicit transposes and plain matMuls (tfjs-wasm's transposed matMul
 * leaves XNNPACK). Gradients are of the GLOBAL mean loss: each worker divides by the global batch,
 * so summing the workers' gradients gives the full-batch gradient.
 */

/** Returns the gradient tensors [dW0, db0, dW1, db1, ...] for this worker's shard. */
export function shardGradients(tf, params, x, oneHot, { dropout, globalBatch, seed }) {
  const layers = params.length / 2;
  const inputs = [];
  const masks = [];
  const preActivations = [];
  let h = x;
  for (let l = 0; l < layers; l++) {
    inputs.push(h);
    const z = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]);
    if (l === layers - 1) {
      h = z;
      break;
    }
    preActivations.push(z);
    let a = tf.relu(z);
    if (dropout > 0) {
      const keep = tf.div(tf.cast(tf.greaterEqual(tf.randomUniform(a.shape, 0, 1, 'float32', seed + l), dropout), 'float32'), 1 - dropout);
      masks.push(keep);
      a = tf.mul(a, keep);
    }
    h = a;
  }
  // softmax cross-entropy of the global mean: d logits = (softmax - onehot) / globalBatch
  let dy = tf.div(tf.sub(tf.softmax(h), oneHot), globalBatch);
  const grads = new Array(params.length);
  for (let l = layers - 1; l >= 0; l--) {
    grads[2 * l] = tf.matMul(tf.transpose(inputs[l]), dy);
    grads[2 * l + 1] = tf.sum(dy, 0);
    if (l === 0) break;
    let dh = tf.matMul(dy, tf.transpose(params[2 * l]));
    if (dropout > 0) dh = tf.mul(dh, masks[l - 1]);
    dy = tf.mul(dh, tf.step(preActivations[l - 1]));
  }
  return grads;
}

/** SGD with the L2 term (lambda * sum w^2, Keras convention) on every parameter, as the seed spec. */
export function sgdL2Update(tf, params, grads, { learningRate, l2 }) {
  return params.map((p, i) => tf.sub(p, tf.mul(learningRate, tf.add(grads[i], tf.mul(2 * l2, p)))));
}
