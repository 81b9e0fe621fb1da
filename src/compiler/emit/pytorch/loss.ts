/**
 * The data loss as the PyTorch target prints it: torch.nn.functional's loss for evaluation (unweighted,
 * as Keras computes val_loss without class_weight), a `training_loss` with the class weights, huber's δ
 * in a named function, and `activity_penalty` for the penalties on layer outputs.
 */
import type { ModelPlan } from '../plan.js';
import { call, def, kw, list, statement, statements, type CommentedStatement } from './python-expr.js';
import { pyAttribute, pyNumber } from './python-source.js';
import { at } from './spec-lines.js';

const functional = {
  softmax_cross_entropy: 'F.cross_entropy',
  sigmoid_cross_entropy: 'F.binary_cross_entropy_with_logits',
  binary_cross_entropy: 'F.binary_cross_entropy_with_logits',
  mean_squared_error: 'F.mse_loss',
  mean_absolute_error: 'F.l1_loss',
  huber: 'huber_loss',
} as const;

const metricFunction = {
  argmax: 'mlpc.argmax_correct',
  positive_logit: 'mlpc.positive_logit_correct',
  rounded_output: 'mlpc.rounded_output_correct',
  binary_accuracy: 'mlpc.binary_accuracy_count',
  absolute_error: 'mlpc.absolute_error_sum',
  position_argmax: 'mlpc.position_argmax_correct',
} as const;

export interface LossNames {
  /** The evaluation's loss (and the training loss without class weights). */
  loss: string;
  /** The training step's loss. */
  training: string;
  correct: string;
  /** The metric's name when it is not accuracy. */
  metric?: string;
}

export function lossNames(plan: Pick<ModelPlan, 'loss'>): LossNames {
  const loss = plan.loss.targetEncoding === 'positions' ? 'position_cross_entropy' : functional[plan.loss.kind];
  return {
    loss,
    training: plan.loss.classWeight === undefined ? loss : 'training_loss',
    correct: metricFunction[plan.loss.correct],
    ...(plan.loss.metric === 'accuracy' ? {} : { metric: plan.loss.metric }),
  };
}

/** The module-level functions the loss needs (none for the plain torch.nn.functional losses). */
export function lossFunctions(plan: Pick<ModelPlan, 'loss'>): string[][] {
  const blocks: string[][] = [];
  const { loss } = plan;
  if (loss.targetEncoding === 'positions') {
    blocks.push(
      def(
        'position_cross_entropy(outputs, targets)',
        `Softmax cross-entropy at every position of the [batch, ${loss.positions}, ${loss.outputUnits}] logits, the mean over batch × positions (${at(loss.line)}).`,
        statement('    ', 'return ', call('F.cross_entropy', `outputs.reshape(-1, ${loss.outputUnits})`, 'targets.reshape(-1)')),
      ),
    );
  }
  if (loss.huberDelta !== undefined) {
    blocks.push(
      def(
        'huber_loss(outputs, targets)',
        `0.5·e² where |e| ≤ δ, else δ·(|e| − 0.5·δ), the mean over all elements (${at(loss.line)}).`,
        statement('    ', 'return ', call('F.huber_loss', 'outputs', 'targets', kw('delta', pyNumber(loss.huberDelta)))),
      ),
    );
  }
  if (loss.classWeight !== undefined) {
    const base = functional[loss.kind];
    blocks.push([
      // The spec line above the list when both do not fit one line (a long spec path).
      ...statement('', 'CLASS_WEIGHT = ', list(loss.classWeight.map(pyNumber)), at(loss.classWeightLine ?? loss.line)),
      '',
      '',
      ...def(
        'training_loss(outputs, targets)',
        "Keras class_weight: Σ w_yi·l_i / N (CrossEntropyLoss(weight=)'s mean divides by Σ w_yi).",
        [
          '    weights = torch.tensor(CLASS_WEIGHT, device=outputs.device)[targets.long()]',
          `    losses = ${base}(outputs, targets, reduction="none")`,
          '    return (weights * losses).mean()',
        ],
      ),
    ]);
  }
  return blocks;
}

/** `def activity_penalty(model, batch)`, or nothing when the spec has no activity regularizer. */
export function activityPenaltyFunction(plan: ModelPlan): string[] {
  if (plan.activityPenalties.length === 0) return [];
  const list: CommentedStatement[] = plan.activityPenalties.map((penalty) => {
    const reduction = penalty.kind === 'l2' ? 'pow(2).sum()' : 'abs().sum()';
    return { prefix: `${penalty.id} = `, expr: `${pyNumber(penalty.coefficient)} * model.${activityAttribute(penalty.layer)}.${reduction} / batch`, comment: at(penalty.line) };
  });
  return def(
    'activity_penalty(model, batch)',
    'Penalties on layer outputs of the last forward pass, divided by the batch size (tf.keras 2).',
    [...statements('    ', list), `    return ${plan.activityPenalties.map((penalty) => penalty.id).join(' + ')}`],
  );
}

/** The attribute `forward` keeps a penalized layer's output in. */
export function activityAttribute(layer: string): string {
  return `${pyAttribute(layer)}_output`;
}
