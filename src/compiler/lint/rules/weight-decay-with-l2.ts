import { describeOrigin, groupByOrigin, listIds } from '../origins.js';
import type { Rule } from '../rule.js';
import { decoupledWeightDecay } from '../references.js';
import { exampleSpec } from '../example-spec.js';

const TRAINING = '{loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ["*.bias"]}, epochs: 10}';

export const weightDecayWithL2: Rule = {
  id: 'weight-decay-with-l2',
  severity: 'warning',
  fixable: false,
  messages: {
    twice: "{{origin}} adds l2 {{lambda}} to {{params}}, which adamw's weight_decay {{weightDecay}} already decays: the same tensor is shrunk twice",
  },
  docs: {
    summary: 'An L2 penalty in the loss on a parameter that adamw already decays.',
    rationale: 'Decoupled weight decay and an L2 term are two shrinkages of one tensor; the effective strength is neither value, and tuning one silently changes what the other meant.',
    whatItDoes: 'Flags every l1/l2 regularization entry with an l2 term that reaches a parameter adamw decays (weightDecay true); the weight_decay line is the related location.',
    whyIsThisBad:
      'AdamW shrinks each decayed weight by lr·weight_decay every step; an l2 entry adds λ‖w‖² to the loss, whose gradient ' +
      'then goes through Adam\'s per-weight normalization on top. rutgerswiselab/NCR #2 is this mistake in PyTorch: ' +
      'Adam(weight_decay=l2) and loss += l2 * model.l2() applied the penalty twice. Choose one: decoupled decay ' +
      '(Loshchilov & Hutter 2019) is the one that behaves like weight decay under Adam.',
    example: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      after: 'regularization:\n  - {params: "*.kernel", l2: 0.0005}',
      training: TRAINING,
    }),
    useInstead: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      training: TRAINING,
    }),
    fixSafety: 'No fix: which of the two shrinkages was meant, and at what strength, is the author\'s call.',
    references: [
      { title: 'rutgerswiselab/NCR issue 2: L2 applied twice (Adam weight_decay and a loss term)', url: 'https://github.com/rutgerswiselab/NCR/issues/2' },
      decoupledWeightDecay,
    ],
  },
  check({ ir, report }) {
    const optimizer = ir.training.optimizer;
    if (optimizer.type !== 'adamw' || optimizer.weightDecay === 0) return;
    const twice = ir.parameters
      .filter((param) => param.trainable && param.weightDecay)
      .flatMap((param) => param.regularizers.filter((r) => r.kind === 'l2').map((item) => ({ param, item })));
    for (const group of groupByOrigin(twice)) {
      const decidedAt = group.entries[0]!.param.weightDecayOrigin?.ref.location ?? optimizer.ref.location;
      report({
        messageId: 'twice',
        data: {
          origin: describeOrigin(group.origin),
          lambda: group.entries[0]!.item.lambda,
          params: listIds([...new Set(group.entries.map((entry) => entry.param.id))]),
          weightDecay: optimizer.weightDecay,
        },
        location: group.origin.entryRef.location,
        related: [{ message: 'decayed by this weight_decay', location: decidedAt }],
        hint: 'Keep one: drop the l2 entry (adamw decays these already), or exclude these parameters from weight decay.',
      });
    }
  },
};
