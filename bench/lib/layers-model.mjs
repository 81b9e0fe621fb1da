/**
 * The network of a ModelIR written the way a TensorFlow.js user would: a tf.layers Sequential with
 * Keras regularizers and constraints, the same optimizer, and softmax + categoricalCrossentropy
 * (what tfjs users write for a from-logits softmax cross-entropy). Initializers are mapped too,
 * so both sides train from statistically identical weights.
 */

function initializer(tf, init) {
  if (!init) return undefined;
  const { args } = init;
  switch (init.type) {
    case 'zeros': return tf.initializers.zeros();
    case 'ones': return tf.initializers.ones();
    case 'constant': return tf.initializers.constant({ value: args.value ?? 0 });
    case 'random_normal': return tf.initializers.randomNormal({ mean: args.mean ?? 0, stddev: args.stddev ?? 0.05 });
    case 'truncated_normal': return tf.initializers.truncatedNormal({ mean: args.mean ?? 0, stddev: args.stddev ?? 0.05 });
    case 'random_uniform': return tf.initializers.randomUniform({ minval: args.minval ?? -0.05, maxval: args.maxval ?? 0.05 });
    case 'glorot_uniform': return tf.initializers.glorotUniform({});
    case 'glorot_normal': return tf.initializers.glorotNormal({});
    case 'he_uniform': return tf.initializers.heUniform({});
    case 'he_normal': return tf.initializers.heNormal({});
    case 'lecun_normal': return tf.initializers.leCunNormal({});
    default: return undefined;
  }
}

function regularizer(tf, parameter) {
  if (!parameter || parameter.regularizers.length === 0) return undefined;
  let l1 = 0;
  let l2 = 0;
  for (const r of parameter.regularizers) {
    if (r.kind === 'l1') l1 += r.lambda;
    else l2 += r.lambda;
  }
  return tf.regularizers.l1l2({ l1, l2 });
}

function constraint(tf, parameter, axis) {
  const c = parameter?.constraints[0];
  if (!c) return undefined;
  if (c.kind === 'max_norm') return tf.constraints.maxNorm({ maxValue: c.maxValue, axis });
  if (c.kind === 'non_neg') return tf.constraints.nonNeg();
  return tf.constraints.unitNorm({ axis });
}

function optimizer(tf, opt) {
  const lr = opt.learningRate.kind === 'constant' ? opt.learningRate.value : opt.learningRate.initial;
  switch (opt.type) {
    case 'sgd': return opt.momentum > 0 ? tf.train.momentum(lr, opt.momentum, opt.nesterov) : tf.train.sgd(lr);
    // tfjs has no AdamW; a tfjs user would fall back to Adam (the decay is elementwise, not a GEMM).
    case 'adam':
    case 'adamw': return tf.train.adam(lr, opt.beta1, opt.beta2, opt.epsilon);
    case 'rmsprop': return tf.train.rmsprop(lr, opt.rho, opt.momentum, opt.epsilon);
    default: throw new Error(`unknown optimizer ${opt.type}`);
  }
}

const lossNames = {
  softmax_cross_entropy: ['categoricalCrossentropy', 'softmax'],
  sigmoid_cross_entropy: ['binaryCrossentropy', 'sigmoid'],
  mean_squared_error: ['meanSquaredError', undefined],
};

export function buildLayersModel(tf, ir) {
  const params = new Map(ir.parameters.map((p) => [p.id, p]));
  const [lossName, outputActivation] = lossNames[ir.training.loss];
  const model = tf.sequential();
  ir.layers.forEach((layer, index) => {
    const first = index === 0 ? { inputShape: ir.input.shape } : {};
    const isLast = index === ir.layers.length - 1;
    const kernel = params.get(`${layer.name}.kernel`);
    const bias = params.get(`${layer.name}.bias`);
    const weighted = {
      useBias: layer.useBias,
      kernelInitializer: initializer(tf, kernel?.init),
      biasInitializer: initializer(tf, bias?.init),
      kernelRegularizer: regularizer(tf, kernel),
      biasRegularizer: regularizer(tf, bias),
    };
    const activationOf = (a) => (isLast && a === 'linear' && outputActivation ? outputActivation : a);
    switch (layer.type) {
      case 'dense':
        model.add(tf.layers.dense({ ...first, ...weighted, name: layer.name, units: layer.units,
          activation: activationOf(layer.activation), kernelConstraint: constraint(tf, kernel, 0) }));
        break;
      case 'conv2d':
        model.add(tf.layers.conv2d({ ...first, ...weighted, name: layer.name, filters: layer.filters,
          kernelSize: layer.kernelSize, strides: layer.strides, padding: layer.padding,
          activation: activationOf(layer.activation), kernelConstraint: constraint(tf, kernel, [0, 1, 2]) }));
        break;
      case 'dropout': model.add(tf.layers.dropout({ ...first, name: layer.name, rate: layer.rate })); break;
      case 'activation': model.add(tf.layers.activation({ ...first, name: layer.name, activation: activationOf(layer.activation) })); break;
      case 'flatten': model.add(tf.layers.flatten({ ...first, name: layer.name })); break;
      case 'max_pool2d':
        model.add(tf.layers.maxPooling2d({ ...first, name: layer.name, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding }));
        break;
      case 'batch_norm':
        model.add(tf.layers.batchNormalization({ ...first, name: layer.name, momentum: layer.momentum, epsilon: layer.epsilon }));
        break;
      default: throw new Error(`unknown layer type ${layer.type}`);
    }
  });
  model.compile({ optimizer: optimizer(tf, ir.training.optimizer), loss: lossName });
  return model;
}
