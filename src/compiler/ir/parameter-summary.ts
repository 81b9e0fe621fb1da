/**
 * `mlpc inspect`'s graph-aware parts: the layer name cell with its inputs when they are not the previous
 * layer, repeated block instances folded into one row, and the parameter table (shape, count, weight decay
 * and the rule that decided it, L1/L2 terms and constraints with their spec lines, aliases of tied tensors).
 */
import { recurrentParam } from './recurrent.js';
import type { LayerIR, ModelIR, ParameterIR } from './types.js';

const number = (value: number): string => value.toLocaleString('en-US');

/** ` <- input, attn_drop` when the layer does not simply take the previous layer's output. */
export function inputsNote(layers: readonly LayerIR[], layer: LayerIR): string {
  const previous = layer.index === 0 ? 'input' : layers[layer.index - 1]?.name;
  if (layer.inputs.length === 1 && layer.inputs[0] === previous) return '';
  const local = (name: string) => (layer.block && name.startsWith(`${layer.block.name}.${layer.block.instance}.`) ? name.split('.').slice(2).join('.') : name);
  return ` <- ${layer.inputs.map(local).join(', ')}`;
}

/** Instances after the first of each block: listed once, as "same layers as <block>.0". */
export function isFoldedInstance(layer: LayerIR): boolean {
  return layer.block !== undefined && layer.block.instance > 0;
}

/** The layers of instances 1..N-1 of the block `layer` belongs to. */
export function foldedLayers(layers: readonly LayerIR[], block: string): LayerIR[] {
  return layers.filter((layer) => layer.block?.name === block && layer.block.instance > 0);
}

function line(ir: ModelIR, index: number | undefined): string {
  return index === undefined ? '' : `line ${index}`;
}

function decayText(ir: ModelIR, parameter: ParameterIR): string {
  const optimizer = ir.training.optimizer;
  if (optimizer.type !== 'adamw' || !parameter.trainable) return '';
  const origin = parameter.weightDecayOrigin;
  if (!origin) return 'no decay (weight_decay 0)';
  if (origin.kind === 'default') return `decay ${optimizer.weightDecay} (weight_decay, ${line(ir, origin.ref.location.line)})`;
  return `no decay (exclude ${origin.selector}${origin.matchedName === parameter.id ? '' : ` as ${origin.matchedName}`}, ${line(ir, origin.ref.location.line)})`;
}

function termsText(parameter: ParameterIR): string[] {
  return [
    ...parameter.regularizers.map((r) => `${r.kind} ${r.lambda} (line ${r.origin.entryRef.location.line})`),
    ...parameter.constraints.map((c) => `${c.kind}${c.kind === 'max_norm' ? ` ${c.maxValue}` : ''} (line ${c.origin.entryRef.location.line})`),
  ];
}

/** An lstm's or gru's weights: the gates' column blocks in Keras's order (lstm i, f, c, o = PyTorch's i, f, g, o; gru z, r, h, PyTorch r, z, n) and how they start. */
function gatesText(parameter: ParameterIR, layer: LayerIR | undefined): string {
  if (!recurrentParam(parameter.param) || (layer?.type !== 'lstm' && layer?.type !== 'gru')) return '';
  const gates = layer.type === 'lstm' ? 'i|f|c|o' : 'z|r|h';
  const init = parameter.init.type === 'unit_forget_bias' ? 'zeros, f ones' : parameter.init.type;
  return `gates ${gates} × ${layer.units}, ${init}`;
}

/** One line per parameter; the parameters of folded block instances are summarized per block. */
export function parameterLines(ir: ModelIR): string[] {
  const layerOf = new Map(ir.layers.map((layer) => [layer.name, layer]));
  const rows: string[][] = [];
  // Each block's folded row stands where its instance 1 begins, after instance 0's tensors.
  const folded = new Map<string, { count: number; instances: Set<number>; at: number }>();
  for (const parameter of ir.parameters) {
    const layer = layerOf.get(parameter.layer);
    if (layer?.block && layer.block.instance > 0) {
      const entry = folded.get(layer.block.name) ?? { count: 0, instances: new Set<number>(), at: rows.length };
      entry.count += parameter.count;
      entry.instances.add(layer.block.instance);
      folded.set(layer.block.name, entry);
      continue;
    }
    const notes = [gatesText(parameter, layer), decayText(ir, parameter), ...termsText(parameter), parameter.aliases.length ? `aliases: ${parameter.aliases.join(', ')}` : '', parameter.trainable ? '' : 'not trainable'];
    rows.push([parameter.id, `[${parameter.shape.join(', ')}]`, number(parameter.count), notes.filter((note) => note !== '').join('; ')]);
  }
  for (const [block, { count, instances, at }] of [...folded].reverse()) {
    const list = [...instances].sort((a, b) => a - b);
    const [first, last] = [list[0], list[list.length - 1]];
    const title = first === last ? `${block}.${first}.*` : `${block}.${first}.* .. ${block}.${last}.*`;
    rows.splice(at, 0, [title, '', number(count), `as ${block}.0.* (each instance its own tensors)`]);
  }
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    ` ${(row[0] ?? '').padEnd(widths[0] ?? 0)}   ${(row[1] ?? '').padEnd(widths[1] ?? 0)}   ${(row[2] ?? '').padStart(widths[2] ?? 0)}   ${row[3] ?? ''}`.trimEnd(),
  );
}

/** nanoGPT's get_num_params() leaves out the position embeddings: say that count too when there are any. */
export function withoutPositionEmbeddings(ir: ModelIR): string | undefined {
  const positional = ir.layers.filter((layer) => layer.type === 'position_embedding').flatMap((layer) => layer.params);
  if (positional.length === 0) return undefined;
  const excluded = ir.parameters.filter((parameter) => positional.includes(parameter.id)).reduce((sum, parameter) => sum + parameter.count, 0);
  const rest = ir.totals.trainable + ir.totals.nonTrainable - excluded;
  return `Params without position embeddings: ${number(rest)} (${(rest / 1e6).toFixed(2)}M, as nanoGPT's "number of parameters")`;
}
