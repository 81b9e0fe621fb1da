/**
 * initParams(seed) of a graph model file: every parameter as a tf.Variable under its id, in the plan's
 * weight order (the order saved models hold them), each drawn from its own seed stream; a repeated
 * block's parameters written once, as a loop over its instances, when every instance draws alike.
 * Kernels are held in Keras layout [in, units], the layout saved models use.
 */
import type { GraphModelPlan } from '../plan/graph-types.js';
import type { ParameterPlan } from '../plan.js';
import { initializerCall } from './initializer-call.js';
import { stringLiteral } from './literals.js';
import { type GraphRuntimeNames, at } from './graph-names.js';

/** Instance i's parameters of each block, by the plan's ids `<block>.<i>.…`. */
function instanceOf(plan: GraphModelPlan, id: string): { block: string; instance: number; local: string } | null {
  for (const block of plan.blocks) {
    const prefix = `${block.name}.`;
    if (!id.startsWith(prefix)) continue;
    const match = /^(\d+)\.(.+)$/.exec(id.slice(prefix.length));
    if (match) return { block: block.name, instance: Number(match[1]), local: match[2] };
  }
  return null;
}

/** The seed-stream step between a block's instances when every instance draws alike, else null. */
function uniformStride(plan: GraphModelPlan, block: string, instances: number): { first: ParameterPlan[]; stride: number } | null {
  const byInstance = Array.from({ length: instances }, (_, instance) => plan.parameters.filter((p) => instanceOf(plan, p.id)?.block === block && instanceOf(plan, p.id)?.instance === instance));
  const first = byInstance[0];
  if (instances < 2 || first.length === 0 || byInstance[1].length === 0) return null;
  const stride = byInstance[1][0].seedStream - first[0].seedStream;
  const alike = byInstance.every((group, instance) =>
    group.length === first.length &&
    group.every((p, index) => {
      const q = first[index];
      return instanceOf(plan, p.id)?.local === instanceOf(plan, q.id)?.local && JSON.stringify(p.init) === JSON.stringify(q.init) && p.seedStream === q.seedStream + stride * instance && p.trainable === q.trainable;
    }),
  );
  return alike ? { first, stride } : null;
}

export function graphInitFunction(plan: GraphModelPlan, names: GraphRuntimeNames): string[] {
  const variable = (p: ParameterPlan, key: string, seed: string) => {
    const where = p.initLine ? ` // ${at(p.initLine)}` : '';
    return `params[${key}] = tf.variable(${initializerCall(names, p.shape, p.init, seed)}, ${p.trainable});${where}`;
  };
  const lines = [`const params: ${names.rt('GraphParams')} = {};`];
  const printed = new Set<string>();
  for (const p of plan.parameters) {
    const placed = instanceOf(plan, p.id);
    const block = placed ? plan.blocks.find((candidate) => candidate.name === placed.block) : undefined;
    const loop = block ? uniformStride(plan, block.name, block.instances) : null;
    if (!placed || !block || !loop) {
      lines.push(variable(p, stringLiteral(p.id), `${names.rt('deriveSeed')}(seed, ${p.seedStream})`));
      continue;
    }
    if (printed.has(block.name)) continue;
    printed.add(block.name);
    lines.push(`for (let i = 0; i < ${block.instances}; i++) {`);
    for (const q of loop.first) {
      const local = instanceOf(plan, q.id)!.local;
      lines.push(`  ${variable(q, `\`${block.name}.\${i}.${local}\``, `${names.rt('deriveSeed')}(seed, ${q.seedStream} + ${loop.stride} * i)`)}`);
    }
    lines.push('}');
  }
  lines.push('return params;');
  const ties = plan.ties.map((tie) => ` ${tie.alias} is ${tie.owner} (one tensor, saved once).`).join('');
  return [
    `/** Initial values as the spec asks, each tensor from its own seed stream, by parameter id in the order saved models hold them.${ties} */`,
    `function initParams(seed: number): ${names.rt('GraphParams')} {`,
    ...lines.map((line) => `  ${line}`),
    '}',
  ];
}
