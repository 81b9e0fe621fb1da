/**
 * Shared by the rules no-bias-regularization and no-norm-regularization (rules/): reports the penalties,
 * constraints and adamw weight decay that reach parameters which should have none.
 */
import type { ParameterIR } from '../ir/types.js';
import { describeOrigin, groupByOrigin, listIds } from './origins.js';
import { kernelsOnlyFix } from './penalty-fixes.js';
import type { RuleContext } from './rule.js';

function plural(noun: string, count: number): string {
  if (count === 1) return noun;
  return noun.endsWith('s') ? `${noun}es` : `${noun}s`;
}

/** The messages reportPenalties reports with; both rules that use it declare them. */
export const PENALTY_MESSAGES = {
  penalty: '{{origin}} puts {{kinds}} on {{which}} {{noun}} {{params}}',
  weightDecay: "adamw's weight_decay {{weightDecay}} also decays the {{noun}} {{params}}",
} as const;

/** `noun`: what the targets are called in messages ('bias', 'batch_norm parameter'). */
export function reportPenalties(context: RuleContext, isTarget: (param: ParameterIR) => boolean, noun: string): void {
  const { ir, source } = context;
  const targets = ir.parameters.filter((param) => param.trainable && isTarget(param));
  const penalties = targets.flatMap((param) => [
    ...param.regularizers.map((r) => ({ param, item: { origin: r.origin, words: `${r.kind} ${r.lambda}` } })),
    ...param.constraints.map((c) => ({
      param,
      item: { origin: c.origin, words: c.kind === 'max_norm' ? `max_norm ${c.maxValue}` : c.kind },
    })),
  ]);
  for (const group of groupByOrigin(penalties)) {
    const ids = [...new Set(group.entries.map((entry) => entry.param.id))];
    const kinds = [...new Set(group.entries.map((entry) => entry.item.words))];
    const fix = kernelsOnlyFix(ir, source, group.origin);
    context.report({
      messageId: 'penalty',
      data: { origin: describeOrigin(group.origin), kinds: kinds.join(' and '), which: ids.length === 1 ? 'the' : ids.length, noun: plural(noun, ids.length), params: listIds(ids) },
      location: group.origin.ref.location,
      hint: noun === 'bias'
        ? 'Biases are few and do not cause overfitting; penalizing them only pulls units towards zero output. Select kernels only: params: "*.kernel".'
        : 'Norm gains (gamma) and biases (beta) set each unit\'s scale and shift; a penalty fights the normalization instead of limiting capacity.',
      fix,
    });
  }
  const decayed = targets.filter((param) => param.weightDecay);
  const optimizer = ir.training.optimizer;
  if (decayed.length > 0 && optimizer.type === 'adamw') {
    // Reported where the decision was made: a decayed parameter's origin is the weight_decay line (no
    // exclude entry matched it), and the exclude entries that missed it are the related locations.
    const decidedAt = decayed[0]!.weightDecayOrigin?.ref.location ?? optimizer.ref.location;
    const related = optimizer.exclude.map((selector, index) => ({
      message: `exclude entry ${index + 1} ${selector} matches none of them`,
      location: source.locate(['training', 'optimizer', 'exclude', index]),
    }));
    context.report({
      messageId: 'weightDecay',
      data: { weightDecay: optimizer.weightDecay, noun: plural(noun, decayed.length), params: listIds(decayed.map((p) => p.id)) },
      location: decidedAt,
      related,
      hint: noun === 'bias' ? 'Add exclude: ["*.bias"] to the optimizer.' : NORM_DECAY_HINT,
    });
  }
}

/** The published conventions, each one exclude line, selecting by kind or rank rather than by a list of names. */
const NORM_DECAY_HINT =
  'Exclude by kind or rank, not by name: exclude: [{ndim: "< 2"}] (nanoGPT: decay iff ndim >= 2) or ' +
  'exclude: [{kind: [bias, norm_gain, norm_bias]}] (HF Trainer: no decay on biases and norm parameters).';

