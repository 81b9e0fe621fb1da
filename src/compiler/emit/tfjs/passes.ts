/**
 * trainingStep (forward pass with dropout, data loss, explicit backward pass) and predict (inference),
 * layer by layer with the runtime kernels. No autograd: on tfjs-wasm its transposed matMuls are 5–37×
 * slower. The backward pass walks the layer steps in reverse, as far as the plan says it must.
 */
import type { FunctionDeclarationStructure, OptionalKind } from 'ts-morph';
import type { TfjsLayerStep } from './tfjs-plan.js';
import { type PrintContext, parametersByLayer, tensorType } from './context.js';
import { dropoutAwareStep } from './dropout-aware.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { activityPenaltyLines, trainingLossCall } from './loss-calls.js';
import { type NameScope, camelCase } from './scope.js';

type PassMode = 'training' | 'inference';

export function inputTensorType(context: PrintContext): string {
  return tensorType(context.names.tf, context.plan.input.shape.length + 1);
}

function pair(values: readonly [number, number]): string {
  return `[${values[0]}, ${values[1]}]`;
}

/** The forward call of one layer on `input` (predict skips the layers that are the identity at inference). */
function forwardCall(context: PrintContext, layer: TfjsLayerStep, input: string, params: string, stepSeed: string, mode: PassMode): string {
  const param = (name: 'kernel' | 'bias' | 'gamma' | 'beta' | 'moving_mean' | 'moving_variance') => {
    const id = layer.params[name];
    return id === undefined ? 'null' : context.access(params, id);
  };
  switch (layer.type) {
    case 'dense':
      return `${context.rt('denseForward')}(${input}, ${param('kernel')}, ${param('bias')}, ${stringLiteral(layer.activation)})`;
    case 'conv2d':
      return (
        `${context.rt('conv2dForward')}(${input}, ${param('kernel')}, ${param('bias')}, ` +
        `${pair(layer.strides)}, ${stringLiteral(layer.padding)}, ${stringLiteral(layer.activation)})`
      );
    case 'conv1d':
      return (
        `${context.rt('conv1dForward')}(${input}, ${param('kernel')}, ${param('bias')}, ` +
        `${layer.strides}, ${stringLiteral(layer.padding)}, ${stringLiteral(layer.activation)})`
      );
    case 'dropout':
      // A fresh mask each step: the step's seed plus the layer's position.
      return `${context.rt('dropoutForward')}(${input}, ${numberLiteral(layer.rate)}, ${stepSeed} + ${layer.seedOffset})`;
    case 'activation':
      return `${context.rt('activationForward')}(${input}, ${stringLiteral(layer.activation)})`;
    case 'flatten':
      return `${context.rt('flattenForward')}(${input})`;
    case 'max_pool2d':
      return `${context.rt('maxPool2dForward')}(${input}, ${pair(layer.poolSize)}, ${pair(layer.strides)}, ${stringLiteral(layer.padding)})`;
    case 'average_pool2d':
      return `${context.rt('averagePool2dForward')}(${input}, ${pair(layer.poolSize)}, ${pair(layer.strides)}, ${stringLiteral(layer.padding)})`;
    case 'global_average_pool2d':
      return `${context.rt('globalAveragePool2dForward')}(${input})`;
    case 'global_max_pool2d':
      return `${context.rt('globalMaxPool2dForward')}(${input})`;
    case 'average_pool1d':
    case 'max_pool1d': {
      const kind = stringLiteral(layer.type === 'max_pool1d' ? 'max' : 'average');
      return `${context.rt('pool1dForward')}(${input}, ${kind}, ${layer.poolSize}, ${layer.strides}, ${stringLiteral(layer.padding)})`;
    }
    case 'global_average_pool1d':
    case 'global_max_pool1d':
      return `${context.rt('globalPool1dForward')}(${input}, ${stringLiteral(layer.type === 'global_max_pool1d' ? 'max' : 'average')})`;
    case 'batch_norm':
      return (
        `${context.rt('batchNormForward')}(${input}, ${param('gamma')}, ${param('beta')}, ${param('moving_mean')}, ${param('moving_variance')}, ` +
        `{ momentum: ${numberLiteral(layer.momentum)}, epsilon: ${numberLiteral(layer.epsilon)}, training: ${mode === 'training'} })`
      );
  }
}

interface BackwardResult {
  lines: string[];
  /** Data-loss gradient expression by parameter id. */
  gradientOf: Map<string, string>;
}

/** From dLoss/dOutput back to every parameter gradient, as far as the plan's backward marks say. */
function backwardLines(
  context: PrintContext,
  scope: NameScope,
  forwardNames: Map<TfjsLayerStep, string>,
  outputGradient: string,
  activityOf: Map<string, string[]>,
): BackwardResult {
  const lines: string[] = [];
  const gradientOf = new Map<string, string>();
  let upstream = outputGradient;
  const layers = context.plan.layers;
  for (let index = layers.length - 1; index >= 0; index--) {
    const layer = layers[index];
    if (layer.backward === 'none') break;
    const cache = `${forwardNames.get(layer)}.cache`;
    const activity = activityOf.get(layer.name);
    if (activity !== undefined) {
      // The activity penalties' gradient joins the data loss's at the layer's output.
      const total = scope.claim(`${camelCase(layer.name)}OutputGradient`);
      const type = tensorType(context.names.tf, layer.outputShape.length + 1);
      lines.push(`const ${total} = ${context.names.tf}.addN([${[upstream, ...activity.map((a) => `${a}.dOutput`)].join(', ')}]) as ${type};`);
      upstream = total;
    }
    const name = scope.claim(`${camelCase(layer.name)}Backward`);
    switch (layer.type) {
      case 'dense':
      case 'conv1d':
      case 'conv2d': {
        const kernel = context.rt(layer.type === 'dense' ? 'denseBackward' : layer.type === 'conv1d' ? 'conv1dBackward' : 'conv2dBackward');
        lines.push(`const ${name} = ${kernel}(${upstream}, ${cache}, ${layer.backward === 'full'});`);
        if (layer.params.kernel) gradientOf.set(layer.params.kernel, `${name}.dKernel`);
        if (layer.params.bias) gradientOf.set(layer.params.bias, `${name}.dBias!`);
        upstream = `${name}.dx!`;
        break;
      }
      case 'batch_norm':
        lines.push(`const ${name} = ${context.rt('batchNormBackward')}(${upstream}, ${cache});`);
        if (layer.params.gamma) gradientOf.set(layer.params.gamma, `${name}.dGamma`);
        if (layer.params.beta) gradientOf.set(layer.params.beta, `${name}.dBeta`);
        upstream = `${name}.dx`;
        break;
      case 'flatten':
        // flattenBackward returns a tf.Tensor of any rank: the layer's input rank is known here.
        lines.push(`const ${name} = ${context.rt('flattenBackward')}(${upstream}, ${cache}) as ${tensorType(context.names.tf, layer.inputShape.length + 1)};`);
        upstream = name;
        break;
      default:
        lines.push(`const ${name} = ${context.rt(BACKWARD[layer.type])}(${upstream}, ${cache});`);
        upstream = name;
        break;
    }
  }
  return { lines, gradientOf };
}

/** The runtime's backward pass of each layer without parameters: dL/dx from dL/dy and the forward cache. */
const BACKWARD: Record<Exclude<TfjsLayerStep['type'], 'dense' | 'conv1d' | 'conv2d' | 'batch_norm' | 'flatten'>, string> = {
  dropout: 'dropoutBackward',
  activation: 'activationBackward',
  max_pool2d: 'maxPool2dBackward',
  average_pool2d: 'averagePool2dBackward',
  global_average_pool2d: 'globalAveragePool2dBackward',
  global_max_pool2d: 'globalMaxPool2dBackward',
  average_pool1d: 'pool1dBackward',
  max_pool1d: 'pool1dBackward',
  global_average_pool1d: 'globalPool1dBackward',
  global_max_pool1d: 'globalPool1dBackward',
};

/** The sum of the activity penalties' values. */
function activityTotal(context: PrintContext, names: string[]): string {
  const values = names.map((name) => `${name}.penalty`);
  return values.length === 1 ? values[0] : `${context.names.tf}.addN([${values.join(', ')}]) as ${context.names.tf}.Scalar`;
}

export function trainingStepFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const { names, plan } = context;
  const scope = context.module.child();
  const [params, x, targets, stepSeed, data, dataLoss, grads] = ['params', 'x', 'targets', 'stepSeed', 'data', 'dataLoss', 'grads'].map((name) =>
    scope.reserve(name),
  );
  const forward: string[] = [];
  const forwardNames = new Map<TfjsLayerStep, string>();
  let current = x;
  for (const layer of plan.layers) {
    const name = scope.claim(`${camelCase(layer.name)}Forward`);
    forwardNames.set(layer, name);
    const note = layer.type === 'dropout' ? ` // training only: ${names.predict}() skips it` : '';
    forward.push(`const ${name} = ${forwardCall(context, layer, current, params, stepSeed, 'training')};${note}`);
    current = `${name}.y`;
  }
  const forwardByName = new Map([...forwardNames].map(([layer, name]) => [layer.name, name]));
  const activity = activityPenaltyLines(context, (layer) => forwardByName.get(layer) ?? layer, (name) => scope.claim(name));
  const activityPenalty = activity.lines.length === 0 ? null : scope.claim('activityPenalty');
  const backward = backwardLines(context, scope, forwardNames, `${data}.dLogits`, activity.byLayer);
  const movingStatistics = plan.layers.flatMap((layer) =>
    layer.type === 'batch_norm'
      ? [
          `${context.access(params, layer.movingStatistics.mean)}.assign(${forwardNames.get(layer)}.movingMean!);`,
          `${context.access(params, layer.movingStatistics.variance)}.assign(${forwardNames.get(layer)}.movingVariance!);`,
        ]
      : [],
  );
  const gradsLiteral: string[] = [];
  for (const parameter of plan.parameters) {
    if (parameter.trainable && !backward.gradientOf.has(parameter.id)) throw new Error(`internal: no gradient printed for ${parameter.id}`);
  }
  const aware = dropoutAwareStep(context, scope, forwardNames, params, backward.gradientOf);
  for (const [layer, parameters] of parametersByLayer(plan, true)) {
    const entries = parameters.map((parameter) => `${parameter.param}: ${backward.gradientOf.get(parameter.id)}`);
    const comments = parameters.map((parameter) => aware.comments.get(parameter.id));
    const inline = `${layer}: { ${entries.join(', ')} },`;
    // Two levels of indentation in the function body: one line when it fits in 110 columns.
    if (inline.length <= 106 && comments.every((comment) => comment === undefined)) gradsLiteral.push(inline);
    else gradsLiteral.push(`${layer}: {`, ...entries.map((entry, i) => `${entry},${comments[i] ? ` // + ${comments[i]}` : ''}`), '},');
  }
  return {
    name: names.trainingStep,
    docs: [
      'One minibatch: forward pass with dropout, loss, explicit backward pass. Call inside tf.tidy.' +
        (movingStatistics.length > 0 ? ' Also moves the batch-norm statistics.' : ''),
    ],
    parameters: [
      { name: params, type: names.Params },
      { name: x, type: inputTensorType(context) },
      { name: targets, type: `${names.tf}.Tensor2D` },
      { name: stepSeed, type: 'number' },
    ],
    returnType: `${context.rt('StepResult')}<${names.Grads}>`,
    statements: [
      '// Forward pass',
      ...forward,
      '',
      '// Loss',
      `const ${data} = ${trainingLossCall(context, context.plan.loss, current, targets)}`,
      ...(activityPenalty === null
        ? []
        : [
            '// Penalties on layer outputs (activity regularizers), divided by the batch size; part of the logged reg_penalty.',
            ...activity.lines,
            `const ${activityPenalty} = ${activityTotal(context, [...activity.byLayer.values()].flat())};`,
          ]),
      aware.lines.length > 0
        ? `// loss = ${dataLoss} + ${names.penalty}(${params}); the penalty's gradient is added in ${names.applyUpdates} (dropout-aware terms': below).`
        : `// loss = ${dataLoss} + ${names.penalty}(${params}); the penalty's gradient is added in ${names.applyUpdates}.`,
      `const ${dataLoss} = ${data}.loss;`,
      '',
      '// Backward pass',
      ...backward.lines,
      ...(movingStatistics.length > 0 ? ['', '// Batch-norm moving statistics', ...movingStatistics] : []),
      ...(aware.lines.length > 0 ? ['', ...aware.lines] : []),
      `const ${grads}: ${names.Grads} = {`,
      ...gradsLiteral,
      '};',
      `return { ${dataLoss}, ${grads}${activityPenalty === null ? '' : `, ${activityPenalty}`} };`,
    ].join('\n'),
  };
}

export function predictFunction(context: PrintContext): OptionalKind<FunctionDeclarationStructure> {
  const { names, plan } = context;
  const scope = context.module.child();
  const [params, x] = ['params', 'x'].map((name) => scope.reserve(name));
  const lines: string[] = [];
  let current = x;
  for (const layer of plan.layers) {
    // Dropout is the identity at inference (the doc comment says so); every other layer runs in both modes.
    if (layer.type === 'dropout') continue;
    const name = scope.claim(`${camelCase(layer.name)}Output`);
    lines.push(`const ${name} = ${forwardCall(context, layer, current, params, '', 'inference')}.y;`);
    current = name;
  }
  return {
    name: names.predict,
    docs: ['Inference forward pass: no dropout, batch norm with its moving statistics. Call inside tf.tidy.'],
    parameters: [
      { name: params, type: names.Params },
      { name: x, type: inputTensorType(context) },
    ],
    returnType: `${names.tf}.Tensor2D`,
    statements: [...lines, ...predictReturn(context, current)].join('\n'),
  };
}

/** predict's return: the output, or a tagger's [batch, steps, classes] logits as [batch, steps·classes] rows. */
function predictReturn(context: PrintContext, output: string): string[] {
  const { loss } = context.plan;
  if (loss.targetEncoding !== 'positions') return [`return ${output};`];
  const size = (loss.positions ?? 1) * loss.outputUnits;
  return [
    `// [batch, ${loss.positions}, ${loss.outputUnits}] logits as rows of ${size} (the evaluation takes 2D outputs; its loss and accuracy read them per position).`,
    `return ${context.names.tf}.reshape(${output}, [-1, ${size}]) as ${context.names.tf}.Tensor2D;`,
  ];
}
