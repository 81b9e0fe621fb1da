import type { InitializerIR, LayerIR, ModelIR } from '../../ir/types.js';
import { effectiveActivation, fmt, recommendedInit } from '../init-stats.js';
import type { Rule } from '../rule.js';
import { glorotInitialization, heInitialization } from '../references.js';
import { exampleSpec } from '../example-spec.js';
import { isWeighted } from '../layer-roles.js';

/** Initializers whose scale ignores the layer's fans; the fan-aware ones (glorot, he, lecun) are within 2× by construction. */
function writtenStddev(init: InitializerIR): { words: string; stddev: number } | undefined {
  const { args } = init;
  if ((init.type === 'random_normal' || init.type === 'truncated_normal') && args.stddev !== undefined) {
    return { words: `${init.type}(stddev ${args.stddev})`, stddev: args.stddev };
  }
  if (init.type === 'random_uniform' && args.minval !== undefined && args.maxval !== undefined) {
    return { words: `random_uniform(${args.minval}, ${args.maxval})`, stddev: (args.maxval - args.minval) / Math.sqrt(12) };
  }
  return undefined;
}

/** Maps with f(c·z) = c·f(z) for c > 0: they pass a kernel's scale through unchanged. */
const SCALE_EQUIVARIANT = new Set(['linear', 'relu']);

/**
 * True when the layer's output reaches batch_norm through scale-equivariant steps only (its own
 * activation linear or relu, then dropout or relu/linear activation layers): batch_norm divides the
 * kernel's scale out of the forward pass, so the init's scale does not change what the layer computes.
 */
export function feedsBatchNorm(ir: ModelIR, layer: LayerIR): boolean {
  if (!isWeighted(layer) || !SCALE_EQUIVARIANT.has(layer.activation)) return false;
  for (const next of ir.layers.slice(layer.index + 1)) {
    if (next.type === 'batch_norm') return true;
    if (next.type === 'dropout' || (next.type === 'activation' && SCALE_EQUIVARIANT.has(next.activation))) continue;
    return false;
  }
  return false;
}

/**
 * A layer whose output is a residual branch (it reaches an add through dropout layers, following `inputs`).
 * GPT-2 scales such projections by 1/sqrt(number of residual adds) so the residual stream's variance does not
 * grow with depth (nanoGPT's c_proj: 0.02/sqrt(2*n_layer)); that much smaller is deliberate, not a mistake.
 */
function residualAdds(ir: ModelIR, layer: LayerIR): number {
  let current = layer;
  for (;;) {
    const consumers = ir.layers.filter((candidate) => candidate.inputs.includes(current.name));
    const next = consumers.length === 1 ? consumers[0] : undefined;
    if (!next) return 0;
    if (next.type === 'add') return ir.layers.filter((candidate) => candidate.type === 'add').length;
    if (next.type !== 'dropout') return 0;
    current = next;
  }
}

const spec = (kernelInit: string) => exampleSpec({ layers: [`{type: dense, name: hidden, units: 1024, activation: relu, kernel_init: ${kernelInit}}`, '{type: dense, units: 10}'] });

export const initScale: Rule = {
  id: 'init-scale',
  severity: 'warning',
  fixable: false,
  messages: {
    offScale:
      "{{param}}: {{written}} is {{writtenRatio}} {{scheme}}'s stddev {{recommended}} = {{formula}} for {{activation}} at fan-in {{fanIn}}{{drawn}}; " +
      'more than {{factor}}× {{direction}} than recommended',
  },
  options: {
    factor: { default: 3, minimum: 1, description: 'warn when the stddev is more than this many times above He/Glorot' },
    below: {
      default: 0,
      minimum: 0,
      description: 'also warn when the stddev is more than this many times below He/Glorot; 0 (the default) never warns on a small init',
    },
  },
  docs: {
    summary: "A fixed-scale kernel initializer whose stddev is far above (default: over 3×) He's or Glorot's for that layer's fan-in and activation.",
    rationale: 'Each layer multiplies the signal\'s scale by stddev·sqrt(fan-in·gain); far from He/Glorot, activations and gradients explode or vanish with depth, and a huge init also makes the L2 penalty swamp the data loss.',
    whatItDoes:
      'For kernels initialized with random_normal, truncated_normal or random_uniform, compares the stddev with the one ' +
      'He et al. (2015) derive for ReLU/ELU, sqrt(2/fan_in), LeCun\'s sqrt(1/fan_in) for SELU, or Glorot & Bengio\'s ' +
      'sqrt(2/(fan_in+fan_out)) otherwise, and reports both numbers and their ratio. A kernel on a residual branch (its layer reaches an add through dropout, following inputs) may be a further sqrt(number of adds) smaller: GPT-2 and nanoGPT scale those projections by 1/sqrt(2·n_layer) on purpose. The ratio uses the stddev of the values ' +
      'actually drawn (a truncated normal cut at 2σ has 0.88σ); the message also gives the ratio of the stddev as written. ' +
      'A kernel whose layer feeds batch_norm through linear or relu steps only is skipped: batch_norm divides its scale out. ' +
      'Narrowed to inits that are too large: a small one (the σ = 0.01 of many papers, AlexNet and Srivastava et al.\'s dropout nets ' +
      'among them) starts with a small loss and trains, so reporting it fired on faithful ports; the `below` option ' +
      '(`init-scale: [warning, {below: 3}]`) turns the too-small side back on.',
    whyIsThisBad:
      'With fan-in n and weights of variance σ², a unit\'s pre-activation has variance n·σ²·E[x²]. He et al. choose σ² = 2/n ' +
      'so that ReLU layers keep the signal\'s variance; Glorot & Bengio choose 2/(n_in + n_out) to balance forward ' +
      'and backward variances for tanh/sigmoid/linear units. The motivating spec uses truncated_normal(stddev 1.0) at ' +
      'fan-in 784: 20× He\'s 0.0505, so pre-activations start around 20× too large, the initial loss is in the ' +
      'hundreds instead of ln 10, and an L2 penalty on those weights starts 100× larger than the data loss. Before batch_norm ' +
      '(CNTK\'s ConvBatchNorm tutorial shape: a linear layer, batch_norm, relu) the forward pass does not depend on the kernel\'s ' +
      'scale, so the rule stays silent there; the scale still divides the kernel\'s effective learning rate, which is a tuning ' +
      'matter, not a mistake.',
    example: spec('{type: truncated_normal, stddev: 1.0}'),
    useInstead: spec('he_normal'),
    fixSafety: 'No fix: the right initializer depends on the activation and on what the spec is meant to reproduce.',
    references: [
      heInitialization,
      glorotInitialization,
      { title: 'Klambauer et al. 2017, Self-Normalizing Neural Networks (SELU, LeCun normal), NeurIPS', url: 'https://arxiv.org/abs/1706.02515' },
    ],
  },
  check({ ir, report, options }) {
    const factor = options.factor ?? 3;
    const below = options.below ?? 0;
    for (const param of ir.parameters) {
      if (param.param !== 'kernel' || !param.init.ref) continue;
      const written = writtenStddev(param.init);
      const layer = ir.layers.find((candidate) => candidate.name === param.layer);
      if (!written || !layer || feedsBatchNorm(ir, layer)) continue;
      const activation = effectiveActivation(ir, layer);
      const recommended = recommendedInit(activation, param.fanIn, param.fanOut);
      const ratio = param.init.effectiveStddev / recommended.stddev;
      const adds = residualAdds(ir, layer);
      const lowest = below === 0 ? 0 : adds > 0 ? 1 / (below * Math.sqrt(adds)) : 1 / below;
      if (ratio <= factor && ratio >= lowest) continue;
      const writtenRatio = written.stddev / recommended.stddev;
      const direction = ratio > 1 ? 'larger' : 'smaller';
      const times = (r: number) => (r >= 1 ? `${fmt(r)}×` : `1/${fmt(1 / r)} of`);
      report({
        messageId: 'offScale',
        data: {
          param: param.id,
          written: written.words,
          writtenRatio: times(writtenRatio),
          scheme: recommended.scheme,
          recommended: fmt(recommended.stddev),
          formula: recommended.formula,
          activation,
          fanIn: param.fanIn,
          drawn: Math.abs(writtenRatio - ratio) / ratio > 0.01 ? ` (the values drawn have stddev ${fmt(param.init.effectiveStddev)}, ${times(ratio)})` : '',
          factor: ratio > 1 ? factor : below,
          direction,
        },
        location: param.init.ref.location,
        related: [{ message: `layer ${layer.name} (${activation}, fan-in ${param.fanIn}, fan-out ${param.fanOut})`, location: layer.ref.location }],
        hint: `Use kernel_init: {type: ${recommended.scheme === 'He' ? 'he_normal' : recommended.scheme === 'LeCun' ? 'lecun_normal' : 'glorot_uniform'}}, which scales with the fans.`,
      });
    }
  },
};
