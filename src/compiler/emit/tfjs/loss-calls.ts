/**
 * The data loss as the TypeScript target prints it: the training step's call (class weights, huber's δ,
 * the activity penalties of its layers) and the evaluation's loss and metric (unweighted, as Keras
 * computes val_loss without class_weight).
 */
import type { LossPlan } from '../plan.js';
import type { PrintContext } from './context.js';
import { lineText } from './context.js';
import { numberLiteral } from './literals.js';
import type { RuntimeNames } from './runtime-names.js';

const lossFunction = {
  softmax_cross_entropy: 'softmaxCrossEntropy',
  sigmoid_cross_entropy: 'sigmoidCrossEntropy',
  binary_cross_entropy: 'sigmoidCrossEntropy',
  mean_squared_error: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  huber: 'huberLoss',
} as const;

const classWeighted = {
  softmax_cross_entropy: 'classWeightedSoftmaxCrossEntropy',
  sigmoid_cross_entropy: 'classWeightedSigmoidCrossEntropy',
  binary_cross_entropy: 'classWeightedSigmoidCrossEntropy',
} as const;

const metricFunction = {
  argmax: 'argMaxCorrect',
  positive_logit: 'positiveLogitCorrect',
  rounded_output: 'roundedOutputCorrect',
  binary_accuracy: 'binaryAccuracyCount',
  absolute_error: 'absoluteErrorSum',
  position_argmax: 'positionArgMaxCorrect',
} as const;

function extraArguments(loss: LossPlan): string {
  const delta = loss.huberDelta;
  return delta === undefined ? '' : `, ${numberLiteral(delta)}`;
}

/** The training step's loss call on `output` and `targets` (a sequential model's PrintContext, a graph's GraphRuntimeNames). */
export function trainingLossCall(context: RuntimeNames, loss: LossPlan, output: string, targets: string): string {
  if (loss.targetEncoding === 'positions') {
    return `${context.rt('positionSoftmaxCrossEntropy')}(${output}, ${targets}, ${loss.outputUnits}); // at every position: the mean over batch × ${loss.positions} positions`;
  }
  if (loss.classWeight !== undefined && (loss.kind === 'softmax_cross_entropy' || loss.kind === 'sigmoid_cross_entropy' || loss.kind === 'binary_cross_entropy')) {
    return `${context.rt(classWeighted[loss.kind])}(${output}, ${targets}, [${loss.classWeight.map(numberLiteral).join(', ')}]); // class_weight: ${lineText(loss.classWeightLine ?? loss.line)}`;
  }
  return `${context.rt(lossFunction[loss.kind])}(${output}, ${targets}${extraArguments(loss)});`;
}

/** The runModelScript fields `loss` (evaluation and --workers: the unweighted loss), `correct` and `metric`. */
export function evaluationLossFields(context: RuntimeNames, loss: LossPlan, tf: string): string {
  const positions = loss.targetEncoding === 'positions';
  const name = context.rt(positions ? 'positionSoftmaxCrossEntropy' : lossFunction[loss.kind]);
  const extra = positions ? `, ${loss.outputUnits}` : extraArguments(loss);
  const lossField = extra === '' ? name : `(outputs: ${tf}.Tensor2D, targets: ${tf}.Tensor2D) => ${name}(outputs, targets${extra})`;
  const metric = loss.metric === 'accuracy' ? '' : ` metric: '${loss.metric}',`;
  return `loss: ${lossField}, correct: ${context.rt(metricFunction[loss.correct])},${metric}`;
}

/** `const codeActivity = l1ActivityPenalty(λ, codeForward.y); // spec line` per activity penalty, by layer name. */
export function activityPenaltyLines(context: PrintContext, forwardOf: (layer: string) => string, claim: (name: string) => string): { lines: string[]; byLayer: Map<string, string[]> } {
  const lines: string[] = [];
  const byLayer = new Map<string, string[]>();
  for (const penalty of context.plan.activityPenalties) {
    const name = claim(penalty.id.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    const fn = context.rt(penalty.kind === 'l1' ? 'l1ActivityPenalty' : 'l2ActivityPenalty');
    lines.push(`const ${name} = ${fn}(${numberLiteral(penalty.coefficient)}, ${forwardOf(penalty.layer)}.y); // ${lineText(penalty.line)}`);
    byLayer.set(penalty.layer, [...(byLayer.get(penalty.layer) ?? []), name]);
  }
  return { lines, byLayer };
}
