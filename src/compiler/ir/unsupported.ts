/**
 * What the printers (TypeScript and PyTorch) cannot print yet: spec v2's graph layers, sequence data
 * and training knobs. `mlpc build` and `mlpc train` refuse such a spec with a diagnostic at the first
 * spec line the printers do not support, instead of crashing in the plan or writing a script that
 * means something else. Remove entries here as the printers learn them.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LayerIR, ModelIR, SpecRef } from './types.js';

const GRAPH_LAYERS = new Set<LayerIR['type']>(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru', 'add', 'drop_path']);

/** The code of a spec v2 feature a printer cannot print yet (build skips such a spec found in a folder). */
export const PRINTER_UNSUPPORTED = 'printer-unsupported';

/** The first thing of the model the printers cannot print, as one error diagnostic (empty when everything prints). */
export function unsupportedByPrinters(ir: ModelIR): Diagnostic[] {
  const found = firstUnsupported(ir);
  if (!found) return [];
  return [
    {
      code: PRINTER_UNSUPPORTED,
      severity: 'error',
      message: `the printers cannot print ${found.what} yet (spec v2 lowers and inspects; printing graph models is in progress)`,
      location: found.ref.location,
      hint: 'mlpc inspect and mlpc lint work on this spec; build and train do not yet',
    },
  ];
}

function firstUnsupported(ir: ModelIR): { what: string; ref: SpecRef } | undefined {
  for (const [index, layer] of ir.layers.entries()) {
    if (GRAPH_LAYERS.has(layer.type)) return { what: `layer ${layer.name} (${layer.type})`, ref: layer.ref };
    if (layer.block) return { what: `block ${layer.block.name}`, ref: layer.ref };
    const previous = index === 0 ? 'input' : ir.layers[index - 1]?.name;
    if (layer.inputs.length !== 1 || layer.inputs[0] !== previous) return { what: `layer ${layer.name}'s from (a non-sequential input)`, ref: layer.ref };
    if ('activation' in layer && layer.activation === 'gelu') return { what: `layer ${layer.name}'s activation gelu`, ref: layer.ref };
    if (layer.type === 'dense' && layer.tiedKernel !== undefined) return { what: `layer ${layer.name}'s tie`, ref: layer.ref };
    if (layer.type === 'dense' && layer.inputShape.length > 1) return { what: `layer ${layer.name} (dense on a rank-${layer.inputShape.length} input)`, ref: layer.ref };
  }
  if (ir.data.source === 'text' || ir.data.source === 'tokens') return { what: `data source ${ir.data.source}`, ref: ir.data.ref };
  const { training } = ir;
  if (training.clipGradNorm !== undefined) return { what: 'clip_grad_norm', ref: training.ref };
  if (training.labelSmoothing !== 0) return { what: 'label_smoothing', ref: training.ref };
  return undefined;
}
