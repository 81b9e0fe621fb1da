/**
 * The four training workloads of the performance targets and how many steps each side gets. Step counts are kept
 * modest so the whole bench finishes in a few minutes; tf.layers fit steps cost 5-20x more.
 * `--quick` divides them (for debugging the harness, not for figures).
 */
export const workloads = [
  {
    name: 'seed',
    title: 'seed 784-1024-10, L2 + dropout, b128',
    spec: 'specs/seed.yaml',
    mlpc: { steps: 161, short: 21 },
    fit: { steps: 12, warmup: 3 },
    torch: { steps: 30, warmup: 5 },
    // also PyTorch on Debian's reference BLAS (libblas3), its BLAS unless an optimized one is installed
    torchReferenceBlas: true,
  },
  {
    name: 'seed_maxnorm',
    title: 'seed + max-norm 3',
    spec: 'bench/specs/seed_maxnorm.yaml',
    mlpc: { steps: 161, short: 21 },
    fit: { steps: 12, warmup: 3 },
    torch: { steps: 30, warmup: 5 },
  },
  {
    name: 'table9',
    title: 'Table 9 784-1024-1024-2048-10, dropout + max-norm, b128',
    spec: 'bench/specs/table9.yaml',
    mlpc: { steps: 61, short: 11 },
    fit: { steps: 6, warmup: 2 },
    torch: { steps: 12, warmup: 3 },
  },
  {
    name: 'conv_bn',
    title: 'conv net with batch_norm (specs/conv_bn.yaml)',
    spec: 'specs/conv_bn.yaml',
    mlpc: { steps: 121, short: 21 },
    fit: { steps: 6, warmup: 2 },
    // tf.layers on stock wasm cannot train a conv net; this is the fit column with a JS port registered
    fitPatched: { steps: 6, warmup: 2 },
  },
];

export function scaleSteps(plan, divisor) {
  if (!plan || divisor === 1) return plan;
  if (plan.short) return { ...plan, steps: Math.max(2 * plan.short, Math.ceil(plan.steps / divisor)) };
  return { ...plan, steps: Math.max(2, Math.ceil(plan.steps / divisor)), warmup: 1 };
}
