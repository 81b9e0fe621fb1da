import { describeOrigin, groupByOrigin } from '../origins.js';
import type { Rule } from '../rule.js';
import { decoupledWeightDecay } from '../references.js';
import { KERNEL_L2, exampleSpec } from '../example-spec.js';

export const l2WithAdaptiveOptimizer: Rule = {
  id: 'l2-with-adaptive-optimizer',
  severity: 'warning',
  fixable: false,
  messages: {
    l2WithAdaptive: "{{optimizer}} with an L2 penalty on {{count}}: {{optimizer}} rescales the penalty's gradient per weight, so it is not weight decay",
  },
  docs: {
    summary: 'An L2 penalty in the loss combined with adam or rmsprop.',
    rationale: 'Adaptive optimizers divide the L2 gradient by each weight\'s gradient scale, so weights with large gradients are barely decayed; decoupled weight decay (adamw) is what was meant (Loshchilov & Hutter 2019).',
    whatItDoes: 'Flags specs whose optimizer is adam or rmsprop while some parameter carries an l2 regularizer; the related locations are the l2 entries.',
    whyIsThisBad:
      'With SGD, an L2 term λ‖w‖² and weight decay are the same thing. With Adam or RMSProp the penalty\'s gradient 2λw ' +
      'goes through the same per-parameter normalization as the data gradient: parameters with large or frequent ' +
      'gradients get a much weaker decay than the others. Loshchilov & Hutter show this makes L2 far less effective with ' +
      'Adam and that decoupling the decay from the gradient step (AdamW) restores it.',
    example: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      after: KERNEL_L2,
      training: '{loss: softmax_cross_entropy, optimizer: {type: adam, learning_rate: 0.001}, epochs: 10}',
    }),
    useInstead: exampleSpec({
      layers: ['{type: dense, units: 1024, activation: relu}', '{type: dense, units: 10}'],
      training: '{loss: softmax_cross_entropy, optimizer: {type: adamw, learning_rate: 0.001, weight_decay: 0.01, exclude: ["*.bias"]}, epochs: 10}',
    }),
    fixSafety: 'No fix: weight_decay is not λ and needs its own value.',
    references: [decoupledWeightDecay],
  },
  check({ ir, source, report }) {
    const optimizer = ir.training.optimizer;
    if (optimizer.type !== 'adam' && optimizer.type !== 'rmsprop') return;
    const l2 = ir.parameters.flatMap((param) => param.regularizers.filter((r) => r.kind === 'l2').map((item) => ({ param, item })));
    if (l2.length === 0) return;
    const groups = groupByOrigin(l2);
    report({
      messageId: 'l2WithAdaptive',
      data: { optimizer: optimizer.type, count: `${l2.length} parameter${l2.length === 1 ? '' : 's'}` },
      location: source.locate([...optimizer.ref.path, 'type']),
      related: groups.map((group) => ({
        message: `${describeOrigin(group.origin)}: l2 ${group.entries[0]!.item.lambda}`,
        location: group.origin.ref.location,
      })),
      hint: 'Use {type: adamw, weight_decay: …, exclude: ["*.bias"]} and drop the l2 entries, or keep L2 with sgd.',
    });
  },
};
