/**
 * The PyTorch port's view of an IR: layer sizes, the dropout rate in front of each dense layer,
 * the (single) L2 lambda, max-norm and SGD learning rate. Undefined when the network is not a
 * plain ReLU MLP trained by SGD (the torch column is for the MLP workloads only).
 */
export function mlpShape(ir) {
  const sizes = [ir.input.shape[0]];
  const dropout = [];
  let pendingDropout = 0;
  if (ir.input.shape.length !== 1) return undefined;
  for (const layer of ir.layers) {
    if (layer.type === 'dropout') pendingDropout = layer.rate;
    else if (layer.type === 'dense') {
      sizes.push(layer.units);
      dropout.push(pendingDropout);
      pendingDropout = 0;
    } else return undefined;
  }
  const lambdas = new Set(ir.parameters.flatMap((p) => p.regularizers.filter((r) => r.kind === 'l2').map((r) => r.lambda)));
  const maxNorms = new Set(ir.parameters.flatMap((p) => p.constraints.filter((c) => c.kind === 'max_norm').map((c) => c.maxValue)));
  const optimizer = ir.training.optimizer;
  if (optimizer.type !== 'sgd' || lambdas.size > 1 || maxNorms.size > 1) return undefined;
  const lr = optimizer.learningRate.kind === 'constant' ? optimizer.learningRate.value : optimizer.learningRate.initial;
  return {
    sizes, dropout, batch: ir.training.batchSize, learningRate: lr,
    l2: lambdas.size ? [...lambdas][0] : 0, maxNorm: maxNorms.size ? [...maxNorms][0] : 0,
  };
}
