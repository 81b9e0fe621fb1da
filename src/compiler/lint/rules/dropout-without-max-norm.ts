import type { Rule } from '../rule.js';
import { dropoutPaper, l2AndDropoutStudy } from '../references.js';
import { exampleSpec } from '../example-spec.js';

export const dropoutWithoutMaxNorm: Rule = {
  id: 'dropout-without-max-norm',
  severity: 'info',
  // It fires on nearly every model with dropout, faithful ports included, on evidence from MNIST alone.
  optIn: true,
  fixable: false,
  messages: {
    noMaxNorm:
      "dropout ({{dropout}}, rate {{rate}}) with no max_norm on any of the {{kernels}} kernels; Srivastava et al. 2014's best MNIST result (1.05% error, Table 9) is dropout + max-norm",
  },
  docs: {
    summary: 'Dropout with no max-norm constraint on any kernel.',
    rationale: 'Srivastava et al. 2014 (Table 9) get their best MNIST error, 1.05%, from dropout with max-norm, against 1.25% for dropout with L2.',
    whatItDoes:
      'Opt-in (off unless mlpc.config.yaml turns it on: `dropout-without-max-norm: info`): it would fire on nearly every model with dropout, ' +
      'faithful ports of published models included, and its evidence is one MNIST comparison. Reports, once per spec, the first dropout ' +
      'layer of a model in which no kernel carries a max_norm constraint.',
    whyIsThisBad:
      'Max-norm bounds each unit\'s incoming weight vector, which lets dropout nets use large learning rates without ' +
      'their weights blowing up. In Srivastava et al.\'s comparison on MNIST (Table 9) the ranking is: L2 1.62%, max-norm ' +
      '1.35%, dropout + L2 1.25%, dropout + max-norm 1.05%. Not a mistake, hence `info`: advice worth trying.',
    example: exampleSpec({ layers: ['{type: dense, name: hidden, units: 1024, activation: relu}', '{type: dropout, rate: 0.5}', '{type: dense, units: 10}'] }),
    useInstead: exampleSpec({
      layers: ['{type: dense, name: hidden, units: 1024, activation: relu}', '{type: dropout, rate: 0.5}', '{type: dense, units: 10}'],
      after: 'constraints:\n  - {params: \"*.kernel\", max_norm: 3.0}',
    }),
    fixSafety: 'No fix.',
    references: [dropoutPaper('Table 9'), l2AndDropoutStudy],
  },
  check({ ir, report }) {
    const dropout = ir.layers.find((layer) => layer.type === 'dropout');
    if (!dropout || dropout.type !== 'dropout') return;
    const kernels = ir.parameters.filter((param) => param.param === 'kernel');
    if (kernels.length === 0 || kernels.some((param) => param.constraints.some((c) => c.kind === 'max_norm'))) return;
    report({
      messageId: 'noMaxNorm',
    data: { dropout: dropout.name, rate: dropout.rate, kernels: kernels.length },
      location: dropout.ref.location,
      hint: 'Try constraints: [{params: "*.kernel", max_norm: 3.0}] (Srivastava et al. use c between 3 and 4).',
    });
  },
};
