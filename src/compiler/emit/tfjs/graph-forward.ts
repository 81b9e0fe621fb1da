/**
 * A graph model's forward pass as nanoGPT's model.py reads: one function per block, written once
 * (its layers named as in the spec, each with its spec line), and `forward` running the top level,
 * a repeated block as a loop over its instances. A value keeps its layer's name only where a later
 * layer reads it again (a residual); otherwise it stays in the running variable.
 */
import type { BlockPlan, GraphLayer, GraphModelPlan, GraphStep } from '../plan/graph-types.js';
import { numberLiteral, stringLiteral } from './literals.js';
import { type GraphRuntimeNames, at, blockFunctionName, identifier } from './graph-names.js';

/** How a layer's parameters are read: `p('attn.qkv.kernel')` in a block, `params['wte.embeddings']` at the top. */
type ParamAccess = (id: string) => string;

function param(layer: GraphLayer, name: string, access: ParamAccess): string {
  const id = (layer.params as Record<string, string | undefined>)[name];
  return id === undefined ? 'null' : access(id);
}

/** The expression of a layer's output from its inputs' variables. */
function expressionOf(layer: GraphLayer, inputs: string[], access: ParamAccess, names: GraphRuntimeNames): string {
  const [x] = inputs;
  switch (layer.type) {
    case 'embedding':
      if (layer.rowDropout > 0) return `${names.rt('embedding')}(${names.rt('rowDropout')}(${param(layer, 'embeddings', access)}, ${numberLiteral(layer.rowDropout)}, run), ${x})`;
      return `${names.rt('embedding')}(${param(layer, 'embeddings', access)}, ${x})`;
    case 'position_embedding':
      return `${names.rt('positionEmbedding')}(${x}, ${param(layer, 'embeddings', access)})`;
    case 'layer_norm':
      return `${names.rt('layerNorm')}(${x}, ${param(layer, 'gamma', access)}, ${param(layer, 'beta', access)}, ${numberLiteral(layer.epsilon)})`;
    case 'causal_self_attention': {
      const weights = ['qkvKernel: ' + param(layer, 'qkv.kernel', access), 'qkvBias: ' + param(layer, 'qkv.bias', access), 'projKernel: ' + param(layer, 'proj.kernel', access), 'projBias: ' + param(layer, 'proj.bias', access)];
      return `${names.rt('causalSelfAttention')}(${x}, { ${weights.join(', ')} }, ${layer.heads}, ${numberLiteral(layer.attentionDropout)}, run)`;
    }
    case 'lstm': {
      const cell = (l: string) => {
        const weights = [`kernel: ${param(layer, `l${l}.kernel`, access)}`, `recurrentKernel: ${param(layer, `l${l}.recurrent_kernel`, access)}`, `bias: ${param(layer, `l${l}.bias`, access)}`];
        return `{ ${weights.join(', ')} }`;
      };
      const stack = Array.from({ length: layer.layers }, (_, l) => (layer.bidirectional ? `{ forward: ${cell(`${l}`)}, backward: ${cell(`${l}_reverse`)} }` : cell(`${l}`)));
      return `${names.rt(layer.bidirectional ? 'bidirectionalLstm' : 'lstm')}(${x}, [${stack.join(', ')}], ${layer.returnSequences}, ${numberLiteral(layer.dropout)}, run${placementsArgument(layer)})`;
    }
    case 'gru': {
      const cell = (l: string) => {
        const weights = [
          `kernel: ${param(layer, `l${l}.kernel`, access)}`,
          `recurrentKernel: ${param(layer, `l${l}.recurrent_kernel`, access)}`,
          `bias: ${param(layer, `l${l}.bias`, access)}`,
          `recurrentBias: ${param(layer, `l${l}.recurrent_bias`, access)}`,
        ];
        return `{ ${weights.join(', ')} }`;
      };
      const stack = Array.from({ length: layer.layers }, (_, l) => (layer.bidirectional ? `{ forward: ${cell(`${l}`)}, backward: ${cell(`${l}_reverse`)} }` : cell(`${l}`)));
      return `${names.rt(layer.bidirectional ? 'bidirectionalGru' : 'gru')}(${x}, [${stack.join(', ')}], ${layer.returnSequences}, ${numberLiteral(layer.dropout)}, run${placementsArgument(layer)})`;
    }
    case 'add':
      return `${names.rt('addAll')}(${inputs.join(', ')})`;
    case 'drop_path':
      return `${names.rt('dropPath')}(${x}, ${numberLiteral(layer.rate)}, run)`;
    case 'dropout':
      return `${names.rt('sequenceDropout')}(${x}, ${numberLiteral(layer.rate)}, run)`;
    case 'activation':
      return `${names.rt('sequenceActivation')}(${x}, ${stringLiteral(layer.activation)})`;
    case 'dense': {
      const kernel = layer.tiedKernel === undefined ? param(layer, 'kernel', access) : `${names.rt('tiedKernel')}(${access(layer.tiedKernel)})`;
      return `${names.rt('sequenceDense')}(${x}, ${kernel}, ${param(layer, 'bias', access)}, ${stringLiteral(layer.activation)})`;
    }
  }
}

/** `, { inputDropout: …, recurrentDropout: …, weightDrop: … }` with the placements that are on, or nothing. */
function placementsArgument(layer: Extract<GraphLayer, { type: 'lstm' | 'gru' }>): string {
  const fields = [
    ['inputDropout', layer.inputDropout],
    ['recurrentDropout', layer.recurrentDropout],
    ['weightDrop', layer.weightDrop],
  ].filter(([, rate]) => (rate as number) > 0);
  return fields.length === 0 ? '' : `, { ${fields.map(([name, rate]) => `${name}: ${numberLiteral(rate as number)}`).join(', ')} }`;
}

function comment(layer: GraphLayer): string {
  const tie = layer.type === 'dense' && layer.tiedKernel !== undefined ? `, tie: ${layer.tiedKernel} (its [${layer.units}, ${layer.inputShape[layer.inputShape.length - 1]}] table transposed)` : '';
  return ` // ${layer.name} (${at(layer.line)})${tie}`;
}

/** A node of a function body: a layer, or a loop over a block's instances (top level only). */
interface Node {
  name: string;
  inputs: string[];
  code: (inputs: string[], target: string) => string[];
}

/** The body: `input` is the scope's input variable; outputs read again later get a const of their own. */
function body(nodes: readonly Node[], input: string, running: string): string[] {
  const readers = new Map<string, number[]>();
  nodes.forEach((node, index) => node.inputs.forEach((name) => readers.set(name, [...(readers.get(name) ?? []), index])));
  const readLater = (name: string, index: number) => (readers.get(name) ?? []).some((reader) => reader !== index + 1);
  const where = new Map<string, string>([['input', input]]);
  const lines: string[] = [];
  let declared = running === input;
  nodes.forEach((node, index) => {
    const inputs = node.inputs.map((name) => where.get(name)!);
    const last = index === nodes.length - 1;
    const named = !last && readLater(node.name, index);
    const variable = named ? identifier(node.name) : running;
    const target = last ? 'return ' : named ? `const ${variable} = ` : declared ? `${variable} = ` : `let ${variable} = `;
    if (!last && !named) declared = true;
    lines.push(...node.code(inputs, target));
    where.set(node.name, variable);
  });
  return lines;
}

function layerNode(layer: GraphLayer, access: ParamAccess, names: GraphRuntimeNames, kept = false): Node {
  // A layer whose output AR/TAR read: run.keep holds it for activityPenalty.
  const expression = (inputs: string[]) => (kept ? `run.keep(${stringLiteral(layer.name)}, ${expressionOf(layer, inputs, access, names)})` : expressionOf(layer, inputs, access, names));
  return { name: layer.name, inputs: layer.inputs, code: (inputs, target) => [`  ${target}${expression(inputs)};${comment(layer)}`] };
}

function blockNode(step: Extract<GraphStep, { kind: 'block' }>, input: string, names: GraphRuntimeNames): Node {
  const call = (x: string) => `${blockFunctionName(step.block)}(${x}, ${names.rt('scopedParams')}(params, \`${step.block}.\${i}.\`), run)`;
  return {
    name: step.block,
    inputs: [input],
    code: ([x], target) => {
      const loop = (v: string) => `  for (let i = 0; i < ${step.instances}; i++) ${v} = ${call(v)}; // ${step.block} (${at(step.line)})`;
      const declared = /^(?:let|const) (\S+) = $/.exec(target);
      if (declared) return [`  let ${declared[1]} = ${x};`, loop(declared[1])];
      if (target === 'return ') {
        // The running variable (or a block's input) is assignable; the token ids are not a float tensor.
        if (x === 'x' || x === 'h') return [loop(x), `  return ${x};`];
        return [`  let y = ${x};`, loop('y'), '  return y;'];
      }
      const variable = target.slice(0, -' = '.length);
      return x === variable ? [loop(variable)] : [`  ${variable} = ${x};`, loop(variable)];
    },
  };
}

function blockFunction(block: BlockPlan, names: GraphRuntimeNames): string[] {
  const access: ParamAccess = (id) => `p(${stringLiteral(id)})`;
  const readsInputLater = block.layers.some((layer, index) => index > 0 && layer.inputs.includes('input'));
  return [
    `/** ${block.name}: the block of ${at(block.line)}, written once; ${block.instances} instances, instance i's parameters named \`${block.name}.<i>.…\`. */`,
    `function ${blockFunctionName(block.name)}(x: ${'tf.Tensor'}, p: (id: string) => tf.Variable, run: ${names.rt('ForwardRun')}): tf.Tensor {`,
    ...body(block.layers.map((layer) => layerNode(layer, access, names)), 'x', readsInputLater ? 'h' : 'x'),
    '}',
  ];
}

function forwardFunction(plan: GraphModelPlan, names: GraphRuntimeNames): string[] {
  const access: ParamAccess = (id) => `params[${stringLiteral(id)}]`;
  const nodes: Node[] = [];
  let previous = 'input';
  for (const step of plan.steps) {
    if (step.kind === 'layer') {
      nodes.push(layerNode(step.layer, access, names, plan.sequencePenalties.some((penalty) => penalty.layer === step.layer.name)));
      previous = step.layer.name;
    } else {
      nodes.push(blockNode(step, previous, names));
      previous = step.block;
    }
  }
  if (plan.task === 'examples') {
    const shape = (dims: readonly number[]) => `[batch, ${dims.join(', ')}]`;
    const output = plan.steps.length === 0 ? plan.input.shape : outputShapeOf(plan, plan.steps[plan.steps.length - 1]!);
    return [
      `/** The forward pass: examples ${shape(plan.input.shape)} → outputs ${shape(output)}; \`run\` says whether dropout acts. */`,
      `function forward(params: ${names.rt('GraphParams')}, input: tf.Tensor, run: ${names.rt('ForwardRun')}): tf.Tensor {`,
      ...body(nodes, 'input', 'x'),
      '}',
    ];
  }
  return [
    '/** The forward pass: token ids [batch, length] → logits [batch, length, vocabulary]; `run` says whether dropout acts. */',
    `function forward(params: ${names.rt('GraphParams')}, ids: tf.Tensor2D, run: ${names.rt('ForwardRun')}): tf.Tensor {`,
    ...body(nodes, 'ids', 'x'),
    '}',
  ];
}

/** A step's output shape (one example): a layer's, or its block's last layer's. */
function outputShapeOf(plan: GraphModelPlan, step: GraphStep): number[] {
  if (step.kind === 'layer') return step.layer.outputShape;
  const block = plan.blocks.find((candidate) => candidate.name === step.block);
  if (block === undefined || block.layers.length === 0) throw new Error(`internal: no layers in block ${step.block}`);
  return block.layers[block.layers.length - 1]!.outputShape;
}

/** The block functions, then forward. */
export function graphForwardFunctions(plan: GraphModelPlan, names: GraphRuntimeNames): string[][] {
  return [...plan.blocks.map((block) => blockFunction(block, names)), forwardFunction(plan, names)];
}
