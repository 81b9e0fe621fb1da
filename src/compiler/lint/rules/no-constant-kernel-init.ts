import type { InitializerIR, LayerIR, ModelIR, ParameterIR } from '../../ir/types.js';
import { effectiveActivation } from '../init-stats.js';
import type { Rule } from '../rule.js';
import { deepLearningBook } from '../references.js';
import { exampleSpec } from '../example-spec.js';
import { isWeighted } from '../layer-roles.js';

function isConstant(init: InitializerIR): boolean {
  return init.type === 'zeros' || init.type === 'ones' || init.type === 'constant';
}

/** The next layer with weights after this one, if any. */
function nextWeighted(ir: ModelIR, layer: LayerIR): LayerIR | undefined {
  return ir.layers.slice(layer.index + 1).find((later) => isWeighted(later));
}

function paramOf(ir: ModelIR, layer: LayerIR, name: 'kernel' | 'bias'): ParameterIR | undefined {
  return ir.parameters.find((param) => param.layer === layer.name && param.param === name);
}

const spec = (...layers: string[]) => exampleSpec({ layers, training: '{loss: softmax_cross_entropy, optimizer: {type: sgd, learning_rate: 0.5}, epochs: 1}' });

export const noConstantKernelInit: Rule = {
  id: 'no-constant-kernel-init',
  severity: 'warning',
  fixable: false,
  messages: {
    symmetric:
      '{{param}} starts with every weight equal to {{value}} and {{next}} starts constant too: the {{units}} units of {{layer}} ' +
      'compute the same function and get identical gradients, so they never differ',
    deadRelu: '{{param}} starts at 0 under relu: every unit of {{layer}} outputs 0 and relu passes no gradient back, so the layer never trains',
  },
  docs: {
    summary: 'A hidden layer whose kernel starts constant while its units cannot become different: the next layer\'s kernel is constant too, or zeros under relu.',
    rationale:
      'Hidden units with identical incoming and outgoing weights get identical gradients and stay identical: the layer behaves like a single unit (symmetry is never broken).',
    whatItDoes:
      'Flags kernel_init zeros, ones or constant on a dense, conv2d or conv1d layer whose output feeds another layer with weights, when ' +
      'that next kernel is constant as well (and the layer\'s bias is not random), or when the kernel is zeros and the layer\'s ' +
      'activation is relu. An output layer is never flagged, and neither is a hidden layer followed by a randomly initialized one.',
    whyIsThisBad:
      'Hidden unit j\'s gradient is x·f\'(z_j)·Σ_k W2[j,k]·δ_k. When its incoming weights are equal for every j and so are its ' +
      'outgoing weights W2[j,:], every unit gets the same update and they stay copies of each other (Goodfellow et al. 2016, §8.4); ' +
      'dropout breaks the tie only slightly and slowly. Zeros under relu are worse: relu(0) = 0 with zero derivative, so no ' +
      'gradient ever reaches the kernel. The symmetry does not trap units whose outgoing weights differ: a zero hidden kernel ' +
      'followed by a random one trains (the random W2[j,:] gives each unit its own gradient; a poster on Cross Validated ' +
      'reports 92% on MNIST that way), and an output layer\'s unit k gets (p_k − y_k)·x, which differs per class, which is why ' +
      'zero-initialized softmax regression (scikit.js\' LogisticRegression, TensorFlow\'s MNIST tutorial) is fine.',
    example: spec('{type: dense, name: hidden, units: 1000, activation: sigmoid, kernel_init: zeros}', '{type: dense, name: out, units: 10, kernel_init: zeros}'),
    useInstead: spec('{type: dense, name: hidden, units: 1000, activation: sigmoid}   # glorot_uniform', '{type: dense, name: out, units: 10, kernel_init: zeros}   # fine on the output layer'),
    fixSafety: 'No fix.',
    references: [
      deepLearningBook('§8.4 Parameter Initialization Strategies', 'optimization'),
      { title: 'tensorflow/tensorflow#3916: an MNIST hidden layer with zero kernels on both sides stops learning', url: 'https://github.com/tensorflow/tensorflow/issues/3916' },
      { title: 'Cross Validated 316898: a zero hidden kernel followed by a random one reaches 92%', url: 'https://stats.stackexchange.com/questions/316898/choice-of-initial-value-for-weights-in-tensorflow-mnist-tutorial' },
    ],
  },
  check({ ir, report }) {
    for (const param of ir.parameters) {
      const init = param.init;
      if (param.param !== 'kernel' || !init.ref || !isConstant(init)) continue;
      const layer = ir.layers.find((candidate) => candidate.name === param.layer);
      const next = layer && nextWeighted(ir, layer);
      if (!layer || !next) continue;
      const units = param.shape[param.shape.length - 1] ?? 0;
      const nextKernel = paramOf(ir, next, 'kernel');
      const bias = paramOf(ir, layer, 'bias');
      const biasBreaksTie = bias !== undefined && !isConstant(bias.init);
      if (nextKernel && isConstant(nextKernel.init) && !biasBreaksTie) {
        report({
          messageId: 'symmetric',
          data: { param: param.id, value: init.mean, next: nextKernel.id, units, layer: layer.name },
          location: init.ref.location,
          related: [{ message: `${nextKernel.id} starts at ${nextKernel.init.mean} for every weight`, location: (nextKernel.init.ref ?? next.ref).location }],
          hint: 'Use a random initializer such as glorot_uniform (the default) or he_normal on the hidden layer.',
        });
      } else if (init.mean === 0 && effectiveActivation(ir, layer) === 'relu' && !biasBreaksTie && (bias?.init.mean ?? 0) <= 0) {
        report({
          messageId: 'deadRelu',
          data: { param: param.id, layer: layer.name },
          location: init.ref.location,
          hint: 'Use he_normal, which is scaled for relu.',
        });
      }
    }
  },
};
