/**
 * A language model's training pieces in its model file: loadData (token ids), loss (next-token
 * cross-entropy at every position), penalty (each term named with its spec line), learningRate(step),
 * the optimizer with AdamW's decay groups from the spec's rules, and trainingStep: nanoGPT's update
 * (rate, loss and gradients, clipping, step) in plain sight, its bookkeeping in the runtime.
 */
import type { GraphModelPlan, LanguageModelPlan } from '../plan/graph-types.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { type GraphRuntimeNames, at } from './graph-names.js';
import { learningRateExpression } from './learning-rate.js';
import { dataFileExpression } from './data.js';

export interface GraphDataOptions {
  /** The output folder, from the build's working directory: relative data paths are written from it. */
  outDir: string;
  /** Data files by absolute path (mlpc train's cache). */
  absoluteDataPaths?: boolean;
}

export function graphLoadData(plan: LanguageModelPlan, names: GraphRuntimeNames, options: GraphDataOptions): string[] {
  const data = plan.data;
  if (data.source === 'text') {
    return [
      `/** text at character level, the first ${numberLiteral(data.trainFraction * 100)} % to train (${at(data.line)}). */`,
      `function loadData(): ${names.rt('TextData')} {`,
      `  return ${names.rt('loadText')}(${dataFileExpression(names, data.path, options)}, ${numberLiteral(data.trainFraction)}, BLOCK_SIZE);`,
      '}',
    ];
  }
  return [
    `/** ${data.dtype} token ids, ${data.vocabulary} in the vocabulary (${at(data.line)}). */`,
    `function loadData(): ${names.rt('TokenData')} {`,
    `  return ${names.rt('loadTokens')}(${dataFileExpression(names, data.trainPath, options)}, ${dataFileExpression(names, data.validationPath, options)}, ${stringLiteral(data.dtype)}, ${data.vocabulary}, BLOCK_SIZE);`,
    '}',
  ];
}

export function graphLossFunction(plan: LanguageModelPlan, names: GraphRuntimeNames): string[] {
  const smoothing = plan.loss.labelSmoothing > 0 ? `, label smoothing ${numberLiteral(plan.loss.labelSmoothing)}` : '';
  return [
    `/** softmax_cross_entropy at every position (${at(plan.loss.line)}${smoothing}), the mean over batch × positions. */`,
    'function loss(logits: tf.Tensor, targets: tf.Tensor2D): tf.Scalar {',
    `  return ${names.rt('sequenceCrossEntropy')}(logits, targets, ${numberLiteral(plan.loss.labelSmoothing)});`,
    '}',
  ];
}

export function graphPenaltyFunction(plan: GraphModelPlan, names: GraphRuntimeNames): string[] {
  const terms = plan.penalties.map((penalty) => {
    const kind = penalty.kind === 'l1' ? 'l1Penalty' : 'l2Penalty';
    return `  const ${penalty.id} = ${names.rt(kind)}(${numberLiteral(penalty.coefficient)}, params[${stringLiteral(penalty.parameter)}]); // ${at(penalty.line)}`;
  });
  const result = plan.penalties.length === 0 ? ['  // The spec penalizes no parameter.', '  return tf.scalar(0);'] : [...terms, `  return tf.addN([${plan.penalties.map((penalty) => penalty.id).join(', ')}]);`];
  return [
    '/** The regularization terms of the loss (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|); autograd differentiates them with the data loss. */',
    `function penalty(params: ${names.rt('GraphParams')}): tf.Scalar {`,
    ...result,
    '}',
  ];
}

const kerasSchedule = {
  exponential_decay: 'Keras ExponentialDecay',
  inverse_time_decay: 'Keras InverseTimeDecay',
  piecewise_constant: 'Keras PiecewiseConstantDecay',
} as const;

/** learningRate(step); reduce_on_plateau (a graph on examples) reads `plateau`, the model file's ReduceLROnPlateau. */
export function graphLearningRateFunction(plan: GraphModelPlan, names: GraphRuntimeNames): string[] {
  const rate = plan.update.learningRate;
  const where = at(plan.update.line);
  if (rate.kind === 'reduce_on_plateau') {
    return ['/** The rate of `plateau` (its record-fed state), whatever the step. */', 'function learningRate(_step: number): number {', '  return plateau.rate;', '}'];
  }
  const [doc, value] =
    rate.kind === 'constant'
      ? [`Constant (${where}).`, numberLiteral(rate.value)]
      : rate.kind === 'warmup_cosine'
        ? [
            `warmup_cosine (${where}): nanoGPT's get_lr, linear warm-up then cosine to the minimum.`,
            `${names.rt('warmupCosine')}(step, ${numberLiteral(rate.initial)}, ${rate.warmupSteps}, ${rate.decaySteps}, ${numberLiteral(rate.minimum)})`,
          ]
        : [`${kerasSchedule[rate.kind]} (${where})${rate.warmupSteps === undefined ? '' : `, after ${rate.warmupSteps} linear warm-up steps`}.`, learningRateExpression(names, rate, 'step')];
  return [`/** ${doc} \`step\` counts the updates already applied. */`, `function learningRate(${rate.kind === 'constant' ? '_step' : 'step'}: number): number {`, `  return ${value};`, '}'];
}

type AdamPlan = Extract<GraphModelPlan['update']['optimizer'], { type: 'adam' | 'adamw' }>;

/** Adam's options as the runtime's AdamOptions literal. */
export function adamOptionsLiteral(optimizer: AdamPlan): string {
  return `{ beta1: ${numberLiteral(optimizer.beta1)}, beta2: ${numberLiteral(optimizer.beta2)}, epsilon: ${numberLiteral(optimizer.epsilon)} }`;
}

/** AdamW's `const notDecayed = [...]`: the tensors excluded from the decay, grouped under the rule that excluded each. */
export function notDecayedList(plan: GraphModelPlan): string[] {
  const excluded = plan.weightDecay.filter((entry) => !entry.decayed);
  const rules = [...new Set(excluded.map((entry) => `${entry.rule} (${at(entry.line)})`))];
  const list =
    excluded.length === 0
      ? ['const notDecayed: string[] = [];']
      : [
          'const notDecayed = [',
          ...rules.flatMap((rule) => [`  // exclude: ${rule}`, ...excluded.filter((entry) => `${entry.rule} (${at(entry.line)})` === rule).map((entry) => `  ${stringLiteral(entry.parameter)},`)]),
          '];',
        ];
  return ['/** The tensors AdamW does not decay, each under the rule that excluded it; every other tensor is decayed. */', ...list];
}

/** notDecayed (AdamW's second group, grouped by the rule that excluded each tensor) and createOptimizer. */
export function graphOptimizerFunctions(plan: LanguageModelPlan, names: GraphRuntimeNames): string[][] {
  const optimizer = plan.update.optimizer;
  if (optimizer.type !== 'adamw' && optimizer.type !== 'adam') throw new Error(`internal: ${optimizer.type} on a graph model is refused before printing`);
  const options = adamOptionsLiteral(optimizer);
  const create = (doc: string, groups: string) => [
    `/** ${doc} */`,
    `function createOptimizer(params: ${names.rt('GraphParams')}): ${names.rt('GroupedAdamW')} {`,
    "  // Keras's ε, added to sqrt(v) before the bias correction, as the PyTorch target's KerasAdamW.",
    `  return new GroupedAdamW(params, ${groups}, ${options});`,
    '}',
  ];
  if (optimizer.type === 'adam') return [create(`adam (${at(plan.update.line)}): no weight decay.`, `${names.rt('weightDecayGroups')}(params, [], 0)`)];
  return [
    notDecayedList(plan),
    create(`adamw (${at(plan.update.line)}): weight decay ${numberLiteral(optimizer.weightDecay)} on every tensor but notDecayed.`, `${names.rt('weightDecayGroups')}(params, notDecayed, ${numberLiteral(optimizer.weightDecay)})`),
  ];
}

/** activityPenalty(run): AR and TAR (Merity et al. 2017) on the outputs the training forward kept, each named with its spec line. */
export function graphActivityPenaltyFunction(plan: LanguageModelPlan, names: GraphRuntimeNames): string[] {
  if (plan.sequencePenalties.length === 0) return [];
  const terms = plan.sequencePenalties.map((penalty) => {
    const fn = penalty.kind === 'ar' ? 'activationRegularization' : 'temporalActivationRegularization';
    return `  const ${penalty.id} = ${names.rt(fn)}(run.kept(${stringLiteral(penalty.layer)}), ${numberLiteral(penalty.coefficient)}); // ${at(penalty.line)}`;
  });
  return [
    "/** AR α·mean(h²) and TAR β·mean((h(t) − h(t−1))²) (Merity et al. 2017) on the recurrent layers' outputs h of this training pass. */",
    `function activityPenalty(run: ${names.rt('ForwardRun')}): tf.Scalar {`,
    ...terms,
    `  return ${plan.sequencePenalties.length === 1 ? plan.sequencePenalties[0]!.id : `tf.addN([${plan.sequencePenalties.map((penalty) => penalty.id).join(', ')}])`};`,
    '}',
  ];
}

export function graphTrainingStepFunction(plan: LanguageModelPlan, names: GraphRuntimeNames): string[] {
  const clip = plan.loop.clipGradNorm;
  if (plan.sequencePenalties.length > 0) return activityTrainingStep(plan, names);
  const objective = plan.penalties.length === 0 ? 'loss(forward(params, batch.x, run), batch.y)' : 'tf.add(loss(forward(params, batch.x, run), batch.y), penalty(params))';
  return [
    `/** One update (${at(plan.loop.line)}): the learning rate, the loss and its gradients (tfjs autograd), ${clip === null ? '' : 'clipping, '}the optimizer step. Call inside tf.tidy. */`,
    `function trainingStep(params: ${names.rt('GraphParams')}, batch: ${names.rt('TokenBatch')}, step: number, optimizer: GroupedAdamW, run: ForwardRun): { loss: tf.Scalar; learningRate: number } {`,
    '  const rate = learningRate(step);',
    `  const { loss: value, grads } = ${names.rt('lossGradients')}(params, () => ${objective});`,
    clip === null ? '  optimizer.step(grads, rate);' : `  optimizer.step(${names.rt('clipByGlobalNorm')}(grads, ${numberLiteral(clip)}), rate); // clip_grad_norm (${at(plan.loop.line)})`,
    '  return { loss: value, learningRate: rate };',
    '}',
  ];
}

/** trainingStep with AR/TAR: the activity terms join the objective, and their value is returned for the log's reg_penalty. */
function activityTrainingStep(plan: LanguageModelPlan, names: GraphRuntimeNames): string[] {
  const clip = plan.loop.clipGradNorm;
  const weights = plan.penalties.length === 0 ? '' : ', penalty(params)';
  return [
    `/** One update (${at(plan.loop.line)}): the learning rate, the loss with AR/TAR and its gradients (tfjs autograd), ${clip === null ? '' : 'clipping, '}the optimizer step. Call inside tf.tidy. */`,
    `function trainingStep(params: ${names.rt('GraphParams')}, batch: ${names.rt('TokenBatch')}, step: number, optimizer: GroupedAdamW, run: ForwardRun): { loss: tf.Scalar; learningRate: number; activity: tf.Scalar } {`,
    '  const rate = learningRate(step);',
    '  let activity = tf.scalar(0);',
    `  const { loss: value, grads } = ${names.rt('lossGradients')}(params, () => {`,
    '    const logits = forward(params, batch.x, run);',
    '    activity = tf.keep(activityPenalty(run));',
    `    return tf.addN([loss(logits, batch.y), activity${weights}]) as tf.Scalar;`,
    '  });',
    clip === null ? '  optimizer.step(grads, rate);' : `  optimizer.step(${names.rt('clipByGlobalNorm')}(grads, ${numberLiteral(clip)}), rate); // clip_grad_norm (${at(plan.loop.line)})`,
    '  return { loss: value, learningRate: rate, activity };',
    '}',
  ];
}
