/**
 * A graph model's nn.Modules, as nanoGPT's model.py is written: one class per block, written once
 * (its layers named as in the spec), the model holding `nn.ModuleList` of the block's instances
 * under the block's name, a tied dense layer sharing its owner's Parameter. `forward` keeps a value
 * in a named variable only where a later layer reads it again (a residual), else in a running `x`.
 */
import type { Activation } from '../../ir/types.js';
import type { BlockPlan, GraphLayer, GraphModelPlan, GraphStep } from '../plan/graph-types.js';
import { call, def, kw, statement, statements, type CommentedStatement, type PyExpr, type PyItem } from './python-expr.js';
import { activityAttribute } from './loss.js';
import { nnModuleClass, pyAttribute, pyClassName, pyNumber } from './python-source.js';
import { at } from './spec-lines.js';
import { activationCall } from './activation.js';

const activation = (name: Activation, x: PyExpr): PyExpr => activationCall(name, x, '-1');

/** The block's class: `h` → `HBlock`. */
export function blockClassName(block: string): string {
  const name = pyClassName(block);
  return /block$/i.test(name) ? name : `${name}Block`;
}

/** The layer's submodule constructor, if it has one. */
function moduleOf(layer: GraphLayer): PyExpr | null {
  const width = layer.inputShape[layer.inputShape.length - 1];
  switch (layer.type) {
    case 'embedding':
      if (layer.rowDropout > 0) return call('mlpc.Embedding', String(layer.vocabulary), String(layer.width), kw('row_dropout', pyNumber(layer.rowDropout)));
      return call('nn.Embedding', String(layer.vocabulary), String(layer.width));
    case 'position_embedding':
      return call('nn.Embedding', String(layer.length), String(layer.width));
    case 'layer_norm': {
      const args: PyItem[] = [String(width)];
      if (!layer.useBias) args.push(kw('bias', 'False'));
      return call('mlpc.LayerNorm', ...args, kw('eps', pyNumber(layer.epsilon)));
    }
    case 'causal_self_attention': {
      const args: PyItem[] = [String(layer.width), kw('heads', String(layer.heads))];
      if (!layer.useBias) args.push(kw('bias', 'False'));
      if (layer.attentionDropout > 0) args.push(kw('attention_dropout', pyNumber(layer.attentionDropout)));
      return call('mlpc.CausalSelfAttention', ...args);
    }
    case 'drop_path':
      return call('mlpc.DropPath', pyNumber(layer.rate));
    case 'lstm':
    case 'gru': {
      const args: PyItem[] = [String(width), String(layer.units)];
      if (layer.layers !== 1) args.push(kw('layers', String(layer.layers)));
      if (layer.bidirectional) args.push(kw('bidirectional', 'True'));
      if (layer.dropout > 0) args.push(kw('dropout', pyNumber(layer.dropout)));
      if (!layer.returnSequences) args.push(kw('return_sequences', 'False'));
      if (layer.inputDropout > 0) args.push(kw('input_dropout', pyNumber(layer.inputDropout)));
      if (layer.recurrentDropout > 0) args.push(kw('recurrent_dropout', pyNumber(layer.recurrentDropout)));
      if (layer.weightDrop > 0) args.push(kw('weight_drop', pyNumber(layer.weightDrop)));
      return call(layer.type === 'lstm' ? 'mlpc.LSTM' : 'mlpc.GRU', ...args);
    }
    case 'dense': {
      const args: PyItem[] = [String(width), String(layer.units)];
      if (!layer.useBias) args.push(kw('bias', 'False'));
      return call('nn.Linear', ...args);
    }
    case 'dropout':
      return call('nn.Dropout', pyNumber(layer.rate));
    case 'add':
    case 'activation':
      return null;
  }
}

/** The expression of a layer's output from its inputs' variables. */
function expressionOf(layer: GraphLayer, inputs: string[]): PyExpr {
  const self = `self.${pyAttribute(layer.name)}`;
  const [x] = inputs;
  switch (layer.type) {
    case 'position_embedding':
      return `${x} + ${self}(torch.arange(${x}.shape[1], device=${x}.device))`;
    case 'add':
      return inputs.join(' + ');
    case 'activation':
      return activation(layer.activation, x);
    case 'dense':
      return activation(layer.activation, call(self, x));
    default:
      return call(self, x);
  }
}

/** A node of forward: a layer, or a run of a block's instances (top level only). */
interface Node {
  name: string;
  inputs: string[];
  code: (inputs: string[], target: string) => string[];
}

/**
 * forward's body. Outputs read only by the next node stay in the running variable (`x`, or `h`
 * when the scope's input is read again later); the others get their layer's name.
 */
function forwardBody(nodes: readonly Node[]): string[] {
  const readers = new Map<string, number[]>();
  nodes.forEach((node, index) => node.inputs.forEach((input) => readers.set(input, [...(readers.get(input) ?? []), index])));
  const readLater = (name: string, index: number) => (readers.get(name) ?? []).some((reader) => reader !== index + 1);
  const running = readLater('input', -1) ? 'h' : 'x';
  const where = new Map<string, string>([['input', 'x']]);
  const lines: string[] = [];
  nodes.forEach((node, index) => {
    const inputs = node.inputs.map((input) => where.get(input)!);
    const last = index === nodes.length - 1;
    const named = !last && readLater(node.name, index);
    const variable = named ? pyAttribute(node.name).replace(/^(x|h)$/, '$1_') : running;
    lines.push(...node.code(inputs, last ? 'return ' : `${variable} = `));
    where.set(node.name, variable);
  });
  return lines;
}

function layerNode(layer: GraphLayer, kept = false): Node {
  return {
    name: layer.name,
    inputs: layer.inputs,
    code: (inputs, target) => {
      if (!kept) return statement('        ', target, expressionOf(layer, inputs), layer.type === 'add' ? layer.name : undefined);
      // AR / TAR read the layer's output after the forward (sequencePenaltyFunction).
      const variable = target === 'return ' ? 'x' : target.slice(0, -' = '.length);
      return [
        ...statement('        ', `${variable} = `, expressionOf(layer, inputs)),
        `        self.${activityAttribute(layer.name)} = ${variable}  # for activity_penalty`,
        ...(target === 'return ' ? [`        return ${variable}`] : []),
      ];
    },
  };
}

/** `def activity_penalty(model)`: AR and TAR (Merity et al. 2017) on the outputs the last forward kept. */
export function sequencePenaltyFunction(plan: GraphModelPlan): string[] {
  if (plan.sequencePenalties.length === 0) return [];
  const list: CommentedStatement[] = plan.sequencePenalties.map((penalty) => {
    const h = `model.${activityAttribute(penalty.layer)}`;
    const expr = penalty.kind === 'ar' ? `${pyNumber(penalty.coefficient)} * ${h}.pow(2).mean()` : `${pyNumber(penalty.coefficient)} * (${h}[:, 1:] - ${h}[:, :-1]).pow(2).mean()`;
    return { prefix: `${penalty.id} = `, expr, comment: at(penalty.line) };
  });
  return def(
    'activity_penalty(model)',
    "AR α·mean(h²) and TAR β·mean((h(t) − h(t−1))²) (Merity et al. 2017) on the recurrent layers' outputs h of the last forward.",
    [...statements('    ', list), `    return ${plan.sequencePenalties.map((penalty) => penalty.id).join(' + ')}`],
  );
}

function blockNode(step: Extract<GraphStep, { kind: 'block' }>, input: string): Node {
  return {
    name: step.block,
    inputs: [input],
    code: ([x], target) => {
      const lines = ['        for block in self.' + pyAttribute(step.block) + ':', `            ${x} = block(${x})`];
      return target === `${x} = ` ? lines : [...lines, `        ${target}${x}`];
    },
  };
}

function initLines(layers: readonly GraphLayer[]): string[] {
  const lines: string[] = [];
  for (const layer of layers) {
    const module = moduleOf(layer);
    if (module) lines.push(...statement('        ', `self.${pyAttribute(layer.name)} = `, module, at(layer.line)));
  }
  return lines;
}

function blockClass(block: BlockPlan): string[] {
  const docstring = `${block.name}: the block of ${at(block.line)}, written once; ${block.instances} instances.`;
  return nnModuleClass(blockClassName(block.name), docstring, initLines(block.layers), forwardBody(block.layers.map((layer) => layerNode(layer))));
}

/** The block classes, then the model's class. */
export function graphModuleClasses(plan: GraphModelPlan): string[][] {
  const init: string[] = [];
  const nodes: Node[] = [];
  let previous = 'input';
  for (const step of plan.steps) {
    if (step.kind === 'layer') {
      init.push(...initLines([step.layer]));
      const layer = step.layer;
      const tie = layer.type === 'dense' ? layer.tiedKernel : undefined;
      if (tie && layer.type === 'dense') {
        const owner = plan.steps.find((candidate) => candidate.kind === 'layer' && Object.values(candidate.layer.params).includes(tie));
        if (!owner || owner.kind !== 'layer') throw new Error(`internal: no top-level owner of ${tie}`);
        init.push(
          `        # tie: ${tie} (${at(layer.line)}): one Parameter, [${layer.units}, ${layer.inputShape[layer.inputShape.length - 1]}]`,
          `        self.${pyAttribute(layer.name)}.weight = self.${pyAttribute(owner.layer.name)}.weight`,
        );
      }
      nodes.push(layerNode(step.layer, plan.sequencePenalties.some((penalty) => penalty.layer === step.layer.name)));
      previous = step.layer.name;
    } else {
      init.push(...statement('        ', `self.${pyAttribute(step.block)} = `, call('nn.ModuleList', `[${blockClassName(step.block)}() for _ in range(${step.instances})]`), at(step.line)));
      nodes.push(blockNode(step, previous));
      previous = step.block;
    }
  }
  const model = nnModuleClass(pyClassName(plan.name), `${plan.name}: the model of ${plan.source.file}, named as in the spec.`, init, forwardBody(nodes));
  return [...plan.blocks.map(blockClass), model];
}
