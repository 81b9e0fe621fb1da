/**
 * A graph model's parameters as torch holds them (`model.h[2].attn.c_attn.weight`), their initial
 * draws (a repeated block's written once, as a loop over its instances), and the WEIGHTS table that
 * names every tensor once by its parameter id in saved models, with the TOPOLOGY model.json holds.
 */
import type { GraphModelPlan } from '../plan/graph-types.js';
import { call, def, layout, statement, tuple } from './python-expr.js';
import { initializerCall, torchName, type TorchParameter } from './parameters.js';
import { recurrentParam } from '../../ir/recurrent.js';
import { pyAttribute, pyString } from './python-source.js';
import { at } from './spec-lines.js';

/** Where a parameter lives: a top-level layer, or a layer of block instance `instance`. */
interface Placement {
  block?: { name: string; instance: number };
  /** The layer's name in its scope. */
  layer: string;
}

function placementOf(plan: GraphModelPlan, layer: string): Placement {
  for (const block of plan.blocks) {
    const match = new RegExp(`^${block.name.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`).exec(layer);
    if (match && block.layers.some((candidate) => candidate.name === match[2])) {
      return { block: { name: block.name, instance: Number(match[1]) }, layer: match[2] };
    }
  }
  return { layer };
}

const dotted = (placement: Placement) =>
  placement.block ? `${pyAttribute(placement.block.name)}.${placement.block.instance}.${pyAttribute(placement.layer)}` : pyAttribute(placement.layer);

const accessOf = (placement: Placement) =>
  placement.block ? `${pyAttribute(placement.block.name)}[${placement.block.instance}].${pyAttribute(placement.layer)}` : pyAttribute(placement.layer);

export function graphTorchParameters(plan: GraphModelPlan): TorchParameter[] {
  return plan.parameters.map((parameter) => {
    const placement = placementOf(plan, parameter.layer);
    const name = torchName(parameter.param);
    // Linear weights (dense, qkv, proj kernels) and an lstm's weight_ih / weight_hh are [out, in] in torch, [in, out] in Keras.
    const kernel = parameter.param === 'kernel' || parameter.param === 'qkv.kernel' || parameter.param === 'proj.kernel' || ['kernel', 'recurrent_kernel'].includes(recurrentParam(parameter.param)?.weight ?? '');
    return { parameter, access: `model.${accessOf(placement)}.${name}`, key: `${dotted(placement)}.${name}`, layout: kernel ? 'dense_kernel' : 'same' };
  });
}

/** The seed-stream step between instances of a block when every parameter's draw is the same, else null. */
function uniformStride(plan: GraphModelPlan, params: readonly TorchParameter[], block: string, instances: number): { first: TorchParameter[]; stride: number } | null {
  const byInstance = Array.from({ length: instances }, (_, instance) => params.filter((p) => placementOf(plan, p.parameter.layer).block?.name === block && placementOf(plan, p.parameter.layer).block?.instance === instance));
  const first = byInstance[0];
  if (instances < 2 || first.length === 0) return null;
  const stride = byInstance[1][0].parameter.seedStream - first[0].parameter.seedStream;
  const same = byInstance.every((group, instance) =>
    group.length === first.length &&
    group.every((p, index) => {
      const q = first[index].parameter;
      return p.parameter.param === q.param && JSON.stringify(p.parameter.init) === JSON.stringify(q.init) && p.parameter.seedStream === q.seedStream + stride * instance && p.parameter.initLine?.line === q.initLine?.line;
    }),
  );
  return same ? { first, stride } : null;
}

export function graphInitFunction(plan: GraphModelPlan, params: readonly TorchParameter[]): string[] {
  const body = ['    with torch.no_grad():'];
  const loops = new Map(plan.blocks.map((block) => [block.name, uniformStride(plan, params, block.name, block.instances)]));
  const printed = new Set<string>();
  for (const p of params) {
    const block = placementOf(plan, p.parameter.layer).block;
    const loop = block ? loops.get(block.name) : null;
    if (!block || !loop) {
      const seed = call('mlpc.derive_seed', 'seed', String(p.parameter.seedStream));
      body.push(...statement('        ', '', initializerCall(p, seed), at(p.parameter.initLine)));
      continue;
    }
    if (printed.has(block.name)) continue;
    printed.add(block.name);
    body.push(`        for i, block in enumerate(model.${pyAttribute(block.name)}):`);
    for (const q of loop.first) {
      const access = q.access.replace(`model.${pyAttribute(block.name)}[0].`, 'block.');
      const seed = call('mlpc.derive_seed', 'seed', `${q.parameter.seedStream} + ${loop.stride} * i`);
      body.push(...statement('            ', '', initializerCall({ parameter: q.parameter, access }, seed), at(q.parameter.initLine)));
    }
  }
  return def('init_parameters(model, seed)', "Initial values as the spec asks, each tensor from its own seed stream.", body);
}

/** WEIGHTS: (parameter id, state_dict key, layout), each tensor once, in the order weights.bin holds them. */
export function graphWeightsTable(params: readonly TorchParameter[], plan: GraphModelPlan): string[] {
  const ties = plan.ties.map((tie) => `${tie.alias} is ${tie.owner}`).join(', ');
  return [
    '# Every tensor once as (parameter id, state_dict key, layout), in the order weights.bin holds',
    `# them; "dense_kernel" is stored in Keras layout [in, out].${ties ? ` Tied: ${ties}, saved once.` : ''}`,
    'WEIGHTS = [',
    ...params.flatMap((p) => layout('    ', '', tuple([pyString(p.parameter.id), pyString(p.key), pyString(p.layout)]), ',')),
    ']',
  ];
}

/** WEIGHTS and TOPOLOGY: what model.json holds of a graph model (weights by parameter id). */
export function graphSavedModel(plan: GraphModelPlan, params: readonly TorchParameter[]): string[] {
  return [
    ...graphWeightsTable(params, plan),
    '',
    '# model.json names the weights by id; tfjs-layers has no class for these layers, so the',
    '# topology only says where the model comes from.',
    ...statement('', 'TOPOLOGY = ', call('mlpc.graph_topology', pyString(plan.name), `[${plan.input.shape.join(', ')}]`, pyString(plan.source.file))),
  ];
}
