import type { Rule } from '../rule.js';

export const noConstantKernelInit: Rule = {
  id: 'no-constant-kernel-init',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A kernel initialized to zeros, ones or a constant.',
    rationale: 'Units that start identical get identical gradients and stay identical: the layer behaves like a single unit (symmetry is never broken).',
    whatItDoes: 'Flags kernel_init of type zeros, ones or constant on a dense or conv2d layer.',
    whyIsThisBad:
      'Every output unit of the layer computes the same function of the same inputs, so backpropagation gives every ' +
      'column of the kernel the same update. Only random initialization breaks this symmetry (Goodfellow et al. 2016, §8.4). ' +
      'Dropout breaks it slightly and slowly, by accident. Zero kernels also block the gradient to earlier layers.',
    example: '- {type: dense, units: 1024, activation: relu, kernel_init: {type: zeros}}',
    useInstead: '- {type: dense, units: 1024, activation: relu, kernel_init: {type: he_normal}}',
    fixSafety: 'No fix.',
    references: [{ title: 'Goodfellow, Bengio & Courville 2016, Deep Learning, §8.4 Parameter Initialization Strategies', url: 'https://www.deeplearningbook.org/contents/optimization.html' }],
  },
  check({ ir, report }) {
    for (const param of ir.parameters) {
      const init = param.init;
      if (param.param !== 'kernel' || !init.ref) continue;
      if (init.type !== 'zeros' && init.type !== 'ones' && init.type !== 'constant') continue;
      const units = param.shape[param.shape.length - 1] ?? 0;
      report({
        message: `${param.id} starts with every weight equal to ${init.mean}: its ${units} units get identical gradients and never differ`,
        location: init.ref.location,
        hint: 'Use a random initializer such as he_normal or glorot_uniform.',
      });
    }
  },
};
