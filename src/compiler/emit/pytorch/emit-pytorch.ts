/**
 * `--target pytorch`: a model's IR as a standalone PyTorch training script, `generated/<name>.py`,
 * that imports the shared runtime module `mlpc_runtime.py` written beside it.
 *
 * The script reads as hand-written PyTorch: an nn.Module whose submodules carry the spec's layer
 * names, the loss as the sum of named penalty terms with their spec lines, torch.optim optimizers,
 * constraints after each update. Keras semantics where they differ from PyTorch's defaults
 * (initializer formulas and fans, batch-norm momentum, max_norm axes, RMSprop's epsilon, SGD momentum
 * under a schedule) are spelled out or delegated to the runtime. The same spec gives the same data
 * split and batch order as the TypeScript target.
 *
 * A printer of the target-neutral plan (../plan.ts): every decision (which penalty on which parameter,
 * the update, the constraint axes, where the data is) is the plan's; this module chooses PyTorch's
 * spelling. Only pytorchObstacles() reads the IR, for diagnostics at spec lines.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ModelIR, SpecRef } from '../../ir/types.js';
import { planModel, type DataPath, type DataPlan, type LayerStep, type ModelPlan, type ParameterPlan, type SpecLine } from '../plan.js';
import { pyAttribute, pyBool, pyCall, pyClassName, pyFloat, pyLiteral, pyNumber, pyString, withComment } from './python-source.js';

export interface EmittedPythonScript {
  name: string;
  /** `<name>.py`, relative to the output folder. */
  fileName: string;
  text: string;
}

export const pytorchRuntimeModule = 'mlpc_runtime';

/** Run flags of a generated PyTorch script (for headers and docs). */
export const pytorchFlagsUsage =
  '[--steps N] [--seed N] [--out DIR] [--eval-every N] [--init-from DIR] [--threads N] [--device auto|cpu|cuda]';

/** `specs/seed.yaml:31`, for comments. */
function at(line: SpecLine | undefined): string | undefined {
  return line ? `${line.file}:${line.line}` : undefined;
}

/** Where the printed script finds the spec's data files. */
export interface PytorchPrintOptions {
  /** mlpc's version, for the header. */
  version: string;
  /**
   * The folder the script will live in, relative to the build's working directory: data paths are
   * printed relative to it and resolved against the script's own folder at run time. Null: print
   * them absolute (scripts run from a cache folder by `mlpc train`).
   */
  scriptDir: string | null;
  /** The build's working directory, for absolute data paths. */
  cwd: string;
}

/** Features of the spec that this target cannot express: exit-2 diagnostics at their spec lines. */
export function pytorchObstacles(ir: ModelIR): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const refuse = (ref: SpecRef, message: string, hint: string) =>
    diagnostics.push({ code: 'target-unsupported', severity: 'error', message, location: ref.location, hint });
  for (const layer of ir.layers) {
    const rank = layer.inputShape.length;
    if (layer.type === 'dense' && rank !== 1) {
      refuse(layer.ref, `--target pytorch: dense layer '${layer.name}' takes a rank-${rank} input; it supports dense layers on flat inputs only`, 'add a flatten layer before it');
    }
    if ((layer.type === 'conv2d' || layer.type === 'max_pool2d') && rank !== 3) {
      refuse(layer.ref, `--target pytorch: ${layer.type} layer '${layer.name}' needs a [height, width, channels] input`, 'give model.input three dimensions');
    }
    if (layer.type === 'batch_norm' && rank !== 1 && rank !== 3) {
      refuse(layer.ref, `--target pytorch: batch_norm layer '${layer.name}' on a rank-${rank} input is not supported`, 'normalize a flat or an image input');
    }
  }
  for (const parameter of ir.parameters) {
    for (const regularizer of parameter.regularizers) {
      const aware = regularizer.dropoutAware;
      // Without a dropout layer next to the parameter it is plain L2, which this target prints.
      if (aware && aware.masks.length > 0) {
        refuse(
          aware.ref,
          `--target pytorch: dropout_aware L2 on '${parameter.id}' is not supported (its gradient needs the step's dropout masks; only the TypeScript target computes it)`,
          'build this spec with --target typescript, or use plain l2 (its expectation: λ·' + String(aware.expectedScale) + ')',
        );
      }
    }
  }
  return diagnostics;
}

/** The torch module attribute, state_dict key and layout of each spec parameter. */
interface TorchParameter {
  parameter: ParameterPlan;
  /** `model.hidden.weight` */
  access: string;
  /** `hidden.weight` */
  key: string;
  layout: 'dense_kernel' | 'conv_kernel' | 'same';
}

const torchNames: Record<ParameterPlan['param'], string> = {
  kernel: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  moving_mean: 'running_mean',
  moving_variance: 'running_var',
  // Graph layers are refused before printing (unsupportedByPrinters); these names follow nanoGPT for the printer to come.
  embeddings: 'weight',
  'qkv.kernel': 'c_attn.weight',
  'qkv.bias': 'c_attn.bias',
  'proj.kernel': 'c_proj.weight',
  'proj.bias': 'c_proj.bias',
};

function torchParameters(plan: ModelPlan): TorchParameter[] {
  const layers = new Map(plan.layers.map((layer) => [layer.name, layer]));
  return plan.parameters.map((parameter) => {
    const layer = layers.get(parameter.layer)!;
    const key = `${pyAttribute(parameter.layer)}.${torchNames[parameter.param]}`;
    const layout = parameter.param === 'kernel' ? (layer.type === 'conv2d' ? 'conv_kernel' : 'dense_kernel') : 'same';
    return { parameter, access: `model.${key}`, key, layout };
  });
}

/**
 * The plan's Keras axes of one output unit's incoming weights, in torch's layout: a Linear weight is
 * [out, in] (Keras [in, out]), a Conv2d weight [out, in, kh, kw] (Keras [kh, kw, in, out]).
 */
function torchDims(layout: TorchParameter['layout'], kerasAxes: readonly number[], rank: number): string {
  let dims: number[];
  if (layout === 'dense_kernel') dims = kerasAxes.map((axis) => 1 - axis);
  else if (layout === 'conv_kernel') dims = kerasAxes.map((axis) => [2, 3, 1, 0][axis]);
  else dims = [...kerasAxes];
  dims = dims.filter((axis) => axis >= 0 && axis < rank).sort((a, b) => a - b);
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

function activationCall(activation: string, x: string): string {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
    case 'elu':
    case 'selu':
      return `F.${activation}(${x})`;
    case 'tanh':
    case 'sigmoid':
      return `torch.${activation}(${x})`;
    case 'softmax':
      return `torch.softmax(${x}, dim=1)`;
    default:
      throw new Error(`unknown activation ${activation}`);
  }
}

/**
 * TF's window rule (as src/runtime/layers/conv-geometry.ts computes it for the TypeScript target):
 * 'valid' adds nothing; 'same' makes out = ⌈in / stride⌉, the odd padding element going after.
 */
function windowGeometry(inSize: number, window: number, stride: number, padding: 'valid' | 'same'): { padBefore: number; padAfter: number } {
  if (padding === 'valid') return { padBefore: 0, padAfter: 0 };
  const outSize = Math.ceil(inSize / stride);
  const total = Math.max((outSize - 1) * stride + window - inSize, 0);
  const padBefore = Math.floor(total / 2);
  return { padBefore, padAfter: total - padBefore };
}

/** F.pad arguments (left, right, top, bottom) for TF's padding of a 2-D window, or null when none is needed or nn's symmetric padding does it. */
function windowPadding(layer: LayerStep & { type: 'conv2d' | 'max_pool2d' }): { symmetric: [number, number] | null; explicit: number[] | null } {
  const window = layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize;
  const [height, width] = layer.inputShape;
  const rows = windowGeometry(height, window[0], layer.strides[0], layer.padding);
  const columns = windowGeometry(width, window[1], layer.strides[1], layer.padding);
  if (rows.padBefore === 0 && rows.padAfter === 0 && columns.padBefore === 0 && columns.padAfter === 0) {
    return { symmetric: null, explicit: null };
  }
  const symmetric = rows.padBefore === rows.padAfter && columns.padBefore === columns.padAfter;
  // nn.MaxPool2d pads with −∞ but only up to half the window; conv pads with zeros symmetrically.
  const poolFits = layer.type !== 'max_pool2d' || (rows.padBefore <= window[0] / 2 && columns.padBefore <= window[1] / 2);
  if (symmetric && poolFits) return { symmetric: [rows.padBefore, columns.padBefore], explicit: null };
  return { symmetric: null, explicit: [columns.padBefore, columns.padAfter, rows.padBefore, rows.padAfter] };
}

function pair(values: readonly number[]): string {
  return values[0] === values[1] ? String(values[0]) : `(${values[0]}, ${values[1]})`;
}

/** `self.hidden = nn.Linear(784, 1024)` and the forward statements of each layer. */
function moduleLines(plan: ModelPlan): { init: string[]; forward: string[] } {
  const init: string[] = [];
  const forward: string[] = [];
  const self = (layer: LayerStep) => `self.${pyAttribute(layer.name)}`;
  const where = (layer: LayerStep) => at(layer.line);
  const add = (layer: LayerStep, call: string, comment?: string) =>
    init.push(...withComment([`        ${self(layer)} = ${call}`], comment ?? where(layer)));
  const step = (code: string, comment?: string) => forward.push(...withComment([`        ${code}`], comment));
  for (const layer of plan.layers) {
    switch (layer.type) {
      case 'dense': {
        const bias = layer.useBias ? '' : ', bias=False';
        add(layer, `nn.Linear(${layer.inputShape[0]}, ${layer.units}${bias})`);
        step(`x = ${activationCall(layer.activation, `${self(layer)}(x)`)}`);
        break;
      }
      case 'dropout':
        add(layer, `nn.Dropout(${pyNumber(layer.rate)})`);
        step(`x = ${self(layer)}(x)`);
        break;
      case 'activation':
        step(`x = ${activationCall(layer.activation, 'x')}`, `${layer.name} (${where(layer)})`);
        break;
      case 'flatten':
        if (layer.inputShape.length === 3) {
          step('x = x.permute(0, 2, 3, 1).flatten(1)', `${layer.name}: in Keras order (height, width, channels)`);
        } else {
          step('x = x.flatten(1)', layer.name);
        }
        break;
      case 'conv2d': {
        const padding = windowPadding(layer);
        const args = [String(layer.inputShape[2]), String(layer.filters), `kernel_size=${pair(layer.kernelSize)}`];
        if (layer.strides[0] !== 1 || layer.strides[1] !== 1) args.push(`stride=${pair(layer.strides)}`);
        if (padding.symmetric) args.push(`padding=${pair(padding.symmetric)}`);
        if (!layer.useBias) args.push('bias=False');
        init.push(...withComment(pyCall('        ', `${self(layer)} = nn.Conv2d`, args), where(layer)));
        if (padding.explicit) step(`x = F.pad(x, (${padding.explicit.join(', ')}))`, `TF's "same" padding: the extra row and column after`);
        step(`x = ${activationCall(layer.activation, `${self(layer)}(x)`)}`);
        break;
      }
      case 'max_pool2d': {
        const padding = windowPadding(layer);
        const args = [pair(layer.poolSize)];
        if (layer.strides[0] !== layer.poolSize[0] || layer.strides[1] !== layer.poolSize[1]) args.push(`stride=${pair(layer.strides)}`);
        if (padding.symmetric) args.push(`padding=${pair(padding.symmetric)}`);
        add(layer, `nn.MaxPool2d(${args.join(', ')})`);
        if (padding.explicit) step(`x = F.pad(x, (${padding.explicit.join(', ')}), value=float("-inf"))`, `TF's "same" padding`);
        step(`x = ${self(layer)}(x)`);
        break;
      }
      case 'batch_norm': {
        const kind = layer.inputShape.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
        const channels = layer.inputShape[layer.inputShape.length - 1];
        const call = `mlpc.${kind}(${channels}, eps=${pyNumber(layer.epsilon)}, momentum=1 - ${pyNumber(layer.momentum)})`;
        init.push(...withComment([`        ${self(layer)} = ${call}`], `Keras momentum ${pyNumber(layer.momentum)}, Keras moving variance (${where(layer)})`));
        step(`x = ${self(layer)}(x)`);
        break;
      }
    }
  }
  forward.push('        return x');
  return { init, forward };
}

function initializerCall(torch: TorchParameter, seed: string): string {
  const { parameter, access } = torch;
  const init = parameter.init;
  switch (init.type) {
    case 'zeros':
      return `nn.init.zeros_(${access})`;
    case 'ones':
      return `nn.init.ones_(${access})`;
    case 'constant':
      return `nn.init.constant_(${access}, ${pyFloat(init.value)})`;
    case 'random_normal':
    case 'truncated_normal':
      return `mlpc.${init.type}_(${access}, ${pyFloat(init.mean)}, ${pyFloat(init.stddev)}, ${seed})`;
    case 'random_uniform':
      return `mlpc.random_uniform_(${access}, ${pyFloat(init.minval)}, ${pyFloat(init.maxval)}, ${seed})`;
    case 'glorot_uniform':
    case 'glorot_normal':
      return `mlpc.${init.type}_(${access}, ${init.fanIn}, ${init.fanOut}, ${seed})`;
    case 'he_uniform':
    case 'he_normal':
    case 'lecun_normal':
      return `mlpc.${init.type}_(${access}, ${init.fanIn}, ${seed})`;
  }
}

function initFunction(params: readonly TorchParameter[]): string[] {
  const lines = [
    'def init_parameters(model, seed):',
    '    """Initial values as the spec asks: Keras formulas, Keras fans, each from its own seed stream."""',
    '    with torch.no_grad():',
  ];
  params.forEach((torchParameter) => {
    const seed = `mlpc.derive_seed(seed, ${torchParameter.parameter.seedStream})`;
    const call = initializerCall(torchParameter, seed);
    const comment = at(torchParameter.parameter.initLine);
    const open = call.indexOf('(');
    const args = splitTopLevel(call.slice(open + 1, -1));
    lines.push(...withComment(pyCall('        ', call.slice(0, open), args), comment));
  });
  return lines;
}

/** Splits `a, f(b, c), d` at its top-level commas. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(' || char === '[') depth++;
    if (char === ')' || char === ']') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

interface PenaltyTerm {
  name: string;
  expression: string;
  comment: string;
}

function penaltyTerms(plan: ModelPlan, params: readonly TorchParameter[]): PenaltyTerm[] {
  const byId = new Map(params.map((p) => [p.parameter.id, p]));
  return plan.penalties.map((penalty) => {
    if (penalty.kind === 'dropout_aware_l2') throw new Error(`internal: ${penalty.id} is dropout-aware (pytorchObstacles refuses it)`);
    const reduction = penalty.kind === 'l2' ? 'pow(2).sum()' : 'abs().sum()';
    return {
      name: penalty.id,
      expression: `${pyNumber(penalty.coefficient)} * ${byId.get(penalty.parameter)!.access}.${reduction}`,
      comment: at(penalty.line)!,
    };
  });
}

function penaltyFunction(plan: ModelPlan, params: readonly TorchParameter[]): string[] {
  const terms = penaltyTerms(plan, params);
  const lines = [
    'def penalty(model):',
    '    """The regularization terms of the loss (Keras convention: l2 adds λ·Σw², l1 adds λ·Σ|w|)."""',
  ];
  if (terms.length === 0) {
    lines.push('    # The spec penalizes no parameter.', '    return next(model.parameters()).new_zeros(())');
    return lines;
  }
  for (const term of terms) lines.push(...withComment([`    ${term.name} = ${term.expression}`], term.comment));
  const sum = `    return ${terms.map((term) => term.name).join(' + ')}`;
  if (sum.length <= 88) lines.push(sum);
  else lines.push('    return (', ...terms.map((term, index) => `        ${index === 0 ? '' : '+ '}${term.name}`), '    )');
  return lines;
}

function optimizerFunction(plan: ModelPlan, params: readonly TorchParameter[]): string[] {
  const optimizer = plan.update.optimizer;
  const rate = plan.update.learningRate;
  const lr = `lr=${pyNumber(rate.kind === 'constant' ? rate.value : rate.initial)}`;
  const schedule = rate.kind === 'exponential_decay' ? rate : null;
  const where = at(plan.update.line);
  const lines = ['def make_optimizer(model):', `    """${optimizer.type} (${where}), and the learning-rate schedule."""`];
  const indent = '    ';
  switch (optimizer.type) {
    case 'sgd': {
      const args = ['model.parameters()', lr];
      if (optimizer.momentum > 0) args.push(`momentum=${pyNumber(optimizer.momentum)}`);
      if (optimizer.nesterov) args.push('nesterov=True');
      if (optimizer.momentum > 0 && schedule) {
        lines.push('    # Keras keeps the learning rate inside the velocity: under a schedule the momentum');
        lines.push('    # buffer is rescaled when the rate changes (torch.optim.SGD otherwise).');
        lines.push(...pyCall(indent, 'optimizer = mlpc.KerasMomentumSGD', args));
      } else {
        lines.push(...pyCall(indent, 'optimizer = torch.optim.SGD', args));
      }
      break;
    }
    case 'adam':
      lines.push('    # torch.optim.Adam with Keras\'s ε: added to sqrt(v) before the bias correction.');
      lines.push(
        ...pyCall(indent, 'optimizer = mlpc.KerasAdam', [
          'model.parameters()',
          lr,
          `betas=(${pyNumber(optimizer.beta1)}, ${pyNumber(optimizer.beta2)})`,
          `eps=${pyNumber(optimizer.epsilon)}`,
        ]),
      );
      break;
    case 'adamw': {
      const decays = new Set(plan.update.parameters.filter((p) => p.weightDecay !== null).map((p) => p.parameter));
      const trainable = params.filter((p) => p.parameter.trainable);
      const decayed = trainable.filter((p) => decays.has(p.parameter.id)).map((p) => p.access);
      const excluded = trainable.filter((p) => !decays.has(p.parameter.id)).map((p) => p.access);
      const group = (name: string, accesses: string[]) => {
        const one = `    ${name} = [${accesses.join(', ')}]`;
        if (one.length <= 88) return [one];
        return [`    ${name} = [`, ...accesses.map((access) => `        ${access},`), '    ]'];
      };
      lines.push(`    # weight decay on every parameter but those matching exclude: ${optimizer.exclude.map((glob) => pyString(glob)).join(', ') || 'none'}`);
      lines.push(...group('decayed', decayed), ...group('excluded', excluded));
      lines.push('    groups = [');
      lines.push(`        {"params": decayed, "weight_decay": ${pyFloat(optimizer.weightDecay)}},`);
      lines.push('        {"params": excluded, "weight_decay": 0.0},');
      lines.push('    ]');
      lines.push('    # torch.optim.AdamW with Keras\'s ε: added to sqrt(v) before the bias correction.');
      lines.push(
        ...pyCall(indent, 'optimizer = mlpc.KerasAdamW', [
          'groups',
          lr,
          `betas=(${pyNumber(optimizer.beta1)}, ${pyNumber(optimizer.beta2)})`,
          `eps=${pyNumber(optimizer.epsilon)}`,
        ]),
      );
      break;
    }
    case 'rmsprop':
      lines.push('    # Keras divides by sqrt(s + ε), torch.optim.RMSprop by sqrt(s) + ε: the runtime has Keras\'s.');
      lines.push(
        ...pyCall(indent, 'optimizer = mlpc.KerasRMSprop', [
          'model.parameters()',
          lr,
          `rho=${pyNumber(optimizer.rho)}`,
          `momentum=${pyNumber(optimizer.momentum)}`,
          `epsilon=${pyNumber(optimizer.epsilon)}`,
        ]),
      );
      break;
  }
  if (schedule) {
    lines.push(
      `    # Keras ExponentialDecay: ${pyNumber(schedule.initial)} · ${pyNumber(schedule.decayRate)}^(step / ${schedule.decaySteps})` +
        (schedule.staircase ? ', the exponent floored' : ''),
    );
    lines.push(
      ...pyCall(indent, 'decay = mlpc.exponential_decay', [
        pyNumber(schedule.initial),
        String(schedule.decaySteps),
        pyNumber(schedule.decayRate),
        pyBool(schedule.staircase),
      ]),
    );
    lines.push('    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, decay)');
  } else {
    lines.push('    return optimizer, None');
  }
  return lines;
}

/** `{"hidden.kernel": 1024}`: units of each parameter max-norm activity counts. */
function maxNormUnits(metric: Extract<ModelPlan['metrics'][number], { kind: 'max_norm_rescaled' }>): string {
  return `{${metric.parameters.map((entry) => `${pyString(entry.parameter)}: ${entry.units}`).join(', ')}}`;
}

/** The plan's max_norm_rescaled metric, if any: its parameters are counted by mlpc.MaxNormActivity. */
function maxNormMetric(plan: ModelPlan): Extract<ModelPlan['metrics'][number], { kind: 'max_norm_rescaled' }> | undefined {
  return plan.metrics.find((metric) => metric.kind === 'max_norm_rescaled');
}

function constraintsFunction(plan: ModelPlan, params: readonly TorchParameter[]): string[] {
  const metric = maxNormMetric(plan);
  const lines = metric
    ? [
        'def apply_constraints(model, max_norm_activity):',
        '    """After every update, as Keras defines them (per output unit).',
        '',
        '    `max_norm_activity` counts the units max-norm rescales.',
        '    """',
      ]
    : ['def apply_constraints(model):', '    """After every update, as Keras defines them (per output unit)."""'];
  const byId = new Map(params.map((p) => [p.parameter.id, p]));
  for (const constraint of plan.constraints) {
    {
      const torchParameter = byId.get(constraint.parameter)!;
      const access = torchParameter.access;
      const dims = torchDims(torchParameter.layout, constraint.axes.keras, torchParameter.parameter.shape.length);
      const counted = metric?.parameters.some((entry) => entry.parameter === constraint.parameter) ?? false;
      const counter = `rescaled=max_norm_activity.counter(${pyString(constraint.parameter)}, ${access})`;
      const call =
        constraint.kind === 'max_norm'
          ? pyCall('    ', 'mlpc.max_norm_', [access, pyNumber(constraint.maxValue), `dims=${dims}`, ...(counted ? [counter] : [])])
          : constraint.kind === 'non_neg'
            ? [`    mlpc.non_neg_(${access})`]
            : [`    mlpc.unit_norm_(${access}, dims=${dims})`];
      lines.push(...withComment(call, at(constraint.line)));
    }
  }
  if (plan.constraints.length === 0) lines.push('    # The spec constrains no parameter.');
  if (metric) lines.push('    max_norm_activity.updated()');
  return lines;
}

function loaderCall(data: DataPlan, file: (path: DataPath) => string): { head: string; args: string[] } {
  const counts = [`train=${data.train}`, `validation=${data.validation}`, `test=${data.test}`, 'seed=seed'];
  switch (data.source) {
    case 'mnist':
      return { head: 'mlpc.load_mnist', args: counts };
    case 'idx':
      return {
        head: 'mlpc.load_idx',
        args: [
          file(data.trainImages),
          file(data.trainLabels),
          file(data.testImages),
          file(data.testLabels),
          ...counts,
        ],
      };
    case 'csv':
      return {
        head: 'mlpc.load_csv',
        args: [
          file(data.path),
          `label=${pyString(data.label)}`,
          ...counts,
          ...(data.features ? [`features=[${data.features.map(pyString).join(', ')}]`] : []),
        ],
      };
    case 'synthetic':
      return {
        head: 'mlpc.make_synthetic',
        args: [`examples=${data.examples}`, `features=${data.features}`, `classes=${data.classes}`, ...counts],
      };
  }
}

/** A data file as the script finds it: beside-the-script relative, or absolute. */
function dataFile(path: DataPath, options: PytorchPrintOptions): string {
  if (path.absolute) return pyString(path.written);
  if (options.scriptDir === null) return pyString(posix.join(options.cwd.replace(/\\/g, '/'), path.resolved));
  const relative = posix.relative(posix.normalize(options.scriptDir.replace(/\\/g, '/')), path.resolved);
  return `mlpc.beside_script(__file__, ${pyString(relative)})`;
}

function loadDataFunction(plan: ModelPlan, options: PytorchPrintOptions): string[] {
  const data = plan.data;
  const { head, args } = loaderCall(data, (path) => dataFile(path, options));
  const featureSize = plan.input.shape.reduce((product, dim) => product * dim, 1);
  return [
    'def load_data(seed):',
    `    """${data.source}: ${data.train} train / ${data.validation} validation / ${data.test} test examples (${at(data.line)})."""`,
    ...pyCall('    ', `splits = ${head}`, args),
    ...pyCall('    ', 'mlpc.check_splits_fit_model', ['splits', String(featureSize), String(classesOf(plan)), pyString(`data source ${data.source}`)]),
    '    return splits',
  ];
}

/** Classes the labels may take: output units, or 2 for one sigmoid/regression output. */
function classesOf(plan: ModelPlan): number {
  return plan.loss.outputUnits === 1 ? 2 : plan.loss.outputUnits;
}

function lossLines(plan: ModelPlan): { target: string; loss: string; correct: string } {
  switch (plan.loss.kind) {
    case 'softmax_cross_entropy':
      return { target: 'labels', loss: 'F.cross_entropy(outputs, targets)', correct: 'mlpc.argmax_correct' };
    case 'sigmoid_cross_entropy':
      return { target: 'column', loss: 'F.binary_cross_entropy_with_logits(outputs, targets)', correct: 'mlpc.positive_logit_correct' };
    case 'mean_squared_error': {
      const column = plan.loss.targetEncoding === 'column';
      return {
        target: column ? 'column' : 'one_hot',
        loss: 'F.mse_loss(outputs, targets)',
        correct: column ? 'mlpc.rounded_output_correct' : 'mlpc.argmax_correct',
      };
    }
  }
}

function headerLines(ir: ModelPlan, version: string, scriptDir: string | null): string[] {
  const path = scriptDir === null ? `${ir.name}.py` : posix.join(scriptDir.replace(/\\/g, '/'), `${ir.name}.py`);
  const description = ir.description ? `${ir.name}: ${ir.description.replace(/\s+/g, ' ').trim()}` : ir.name;
  return [
    `# Code generated by mlpc from ${ir.source.file}. DO NOT EDIT.`,
    `# Spec sha256: ${ir.source.sha256}`,
    `# mlpc ${version}, --target pytorch; needs mlpc_runtime.py beside it (written by the same build).`,
    '#',
    ...wrapComment(description),
    '#',
    `# Run: python3 ${path} ${pytorchFlagsUsage.slice(0, pytorchFlagsUsage.indexOf(' [--init-from'))}`,
    '#          [--init-from DIR] [--threads N] [--device auto|cpu|cuda]',
    `#  or: torchrun --standalone --nproc_per_node N ${path} [flags]`,
    `#  or: npx mlpc train --target pytorch ${ir.source.file}`,
    '#',
    `# The train/validation/test split always uses the spec's seed (training.seed: ${ir.data.seed}), so`,
    '# every run sees the same examples as the TypeScript target; --seed changes the initial',
    '# weights, the dropout masks and the batch order (the same batch order in both targets).',
  ];
}

function wrapComment(text: string): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '#';
  for (const word of words) {
    if (line.length + 1 + word.length > 88 && line !== '#') {
      lines.push(line);
      line = '#  ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

function mainFunction(plan: ModelPlan, className: string): string[] {
  const { target, correct } = lossLines(plan);
  const loop = plan.loop;
  const evaluationBatchSize = loop.evaluationBatchSize;
  const inputShape = `[${plan.input.shape.join(', ')}]`;
  const classes = classesOf(plan);
  const lines = [
    'def main():',
    `    """Trains ${plan.name} as ${at(loop.line)} says: ${loop.steps} steps of batch ${loop.batchSize}."""`,
    '    flags = mlpc.parse_flags(',
    `        sys.argv[1:], steps=${loop.steps}, seed=${loop.seed}, out=${pyString(loop.out)}, eval_every=${loop.evalEvery}`,
    '    )',
    '    run = mlpc.start(flags)',
    `    splits = load_data(${plan.data.seed})  # the spec's seed: --seed does not change the split`,
    '    train, validation, test = (',
    `        mlpc.example_tensors(examples, ${inputShape}, ${classes}, ${pyString(target)}, run.device)`,
    '        for examples in (splits.train, splits.validation, splits.test)',
    '    )',
    `    model = ${className}()`,
    '    init_parameters(model, flags.seed)',
    '    if flags.init_from is not None:',
    '        mlpc.load_tfjs_weights(flags.init_from, model, WEIGHTS)',
    '    model.to(run.device)',
    '    trained = run.wrap(model)  # DistributedDataParallel under torchrun',
    '    optimizer, scheduler = make_optimizer(model)',
    `    sampler = mlpc.BatchSampler(train.count, BATCH_SIZE, mlpc.derive_seed(flags.seed, 1))`,
    '    # Dropout masks: from the run\'s seed and the rank (each rank draws its own).',
    '    torch.manual_seed(mlpc.derive_seed(mlpc.derive_seed(flags.seed, 2), run.rank))',
    '    metrics = mlpc.MetricsLog(flags.out) if run.leader else None',
    ...(maxNormMetric(plan) ? [`    max_norm_activity = mlpc.MaxNormActivity(${maxNormUnits(maxNormMetric(plan)!)})`] : []),
    '    timer = mlpc.StepTimer(run.device)',
    `    mlpc.print_start(${pyString(plan.name)}, flags, run)`,
    '    model.train()',
    '    for step in range(flags.steps):',
    '        timer.begin()',
    '        # This rank\'s slice of the global batch; DDP averages the gradients over ranks.',
    '        batch = torch.from_numpy(run.local_slice(sampler.next())).to(run.device)',
    '        data_loss = loss_fn(trained(train.x[batch]), train.targets[batch])',
    '        reg_penalty = penalty(model)',
    '        loss = data_loss * run.loss_scale(len(batch), BATCH_SIZE) + reg_penalty',
    '        optimizer.zero_grad(set_to_none=True)',
    '        loss.backward()',
    '        optimizer.step()',
    '        if scheduler is not None:',
    '            scheduler.step()',
    ...(maxNormMetric(plan) ? ['        apply_constraints(model, max_norm_activity)'] : ['        apply_constraints(model)']),
    '        timer.end()',
    '        if step % flags.eval_every == 0 or step == flags.steps - 1:',
    '            # The losses before this step\'s update, the data loss over the global batch.',
    '            data_value = run.global_mean(data_loss, len(batch), BATCH_SIZE).item()',
    ...(maxNormMetric(plan) ? ['            rescaled = max_norm_activity.read()  # and reset, on every rank'] : []),
    '            if metrics is not None:',
    '                penalty_value = reg_penalty.item()',
    '                record = {',
    '                    "step": step,',
    '                    "data_loss": data_value,',
    '                    "reg_penalty": penalty_value,',
    '                    "total_loss": data_value + penalty_value,',
    '                }',
    '                if validation.count > 0:',
    '                    val_loss, val_accuracy = mlpc.evaluate(',
    `                        model, validation, ${evaluationBatchSize}, loss_fn, ${correct}`,
    '                    )',
    '                    record.update(val_loss=val_loss, val_accuracy=val_accuracy)',
    ...(maxNormMetric(plan)
      ? [
          '                # One process only, as the TypeScript target records it (not with --workers).',
          '                if run.world_size == 1:',
          '                    record["max_norm_rescaled"] = rescaled',
        ]
      : []),
    '                record["step_ms"] = timer.take_median()',
    '                step_cpu_ms = timer.take_cpu_median()',
    '                if step_cpu_ms is not None:',
    '                    record["step_cpu_ms"] = step_cpu_ms',
    '                metrics.append(record)',
    '    if metrics is not None:',
    `        test_loss, test_accuracy = mlpc.evaluate(model, test, ${evaluationBatchSize}, loss_fn, ${correct})`,
    '        metrics.append(',
    '            {',
    '                "step": flags.steps,',
    '                "test_loss": test_loss,',
    '                "test_accuracy": test_accuracy,',
    '            }',
    '        )',
    '        mlpc.save_model(flags.out, model, WEIGHTS, MODEL_TOPOLOGY)',
    '    run.finish()',
  ];
  return lines.flatMap((line) => (line.length > 88 ? reflow(line) : [line]));
}

/** A long `head(args)` line of the fixed template, re-laid the way black would. */
function reflow(line: string): string[] {
  const indent = /^\s*/.exec(line)![0];
  const body = line.slice(indent.length);
  const open = body.indexOf('(');
  if (open < 0 || !body.endsWith(')')) return [line];
  return pyCall(indent, body.slice(0, open), splitTopLevel(body.slice(open + 1, -1)));
}

/** The WEIGHTS table: tfjs name, state_dict key, layout, in the TypeScript target's order. */
function weightsTable(params: readonly TorchParameter[]): string[] {
  return [
    '# Every weight as (tfjs name `layer/param`, state_dict key, layout), in the order both targets',
    '# save them in weights.bin; "dense_kernel" and "conv_kernel" are stored in Keras layout.',
    'WEIGHTS = [',
    ...params.map((p) => `    (${pyString(`${p.parameter.layer}/${p.parameter.param}`)}, ${pyString(p.key)}, ${pyString(p.layout)}),`),
    ']',
  ];
}

export function printPytorchScript(plan: ModelPlan, options: PytorchPrintOptions): EmittedPythonScript {
  const ir = plan;
  const params = torchParameters(plan);
  const className = pyClassName(plan.name);
  const modules = moduleLines(plan);
  const { loss } = lossLines(plan);
  const blocks: string[][] = [
    [
      ...headerLines(plan, options.version, options.scriptDir),
      `import ${pytorchRuntimeModule} as mlpc  # first: bounds the BLAS threads (--threads) before torch loads`,
      '',
      'import sys',
      '',
      'import torch',
      'import torch.nn.functional as F',
      'from torch import nn',
      '',
      `BATCH_SIZE = ${plan.loop.batchSize}  # ${at(plan.loop.line)}`,
    ],
    [
      `class ${className}(nn.Module):`,
      `    """${ir.name}: the layers of ${at(plan.layers[0]?.line) ?? ir.source.file}, named as in the spec."""`,
      '',
      '    def __init__(self):',
      '        super().__init__()',
      ...modules.init,
      '',
      '    def forward(self, x):',
      ...modules.forward,
    ],
    initFunction(params),
    ['def loss_fn(outputs, targets):', `    """${plan.loss.kind}, the mean over the batch."""`, `    return ${loss}`],
    penaltyFunction(plan, params),
    optimizerFunction(plan, params),
    constraintsFunction(plan, params),
    loadDataFunction(plan, options),
    [...weightsTable(params), '', '# The Keras Sequential topology saved in model.json (tf.loadLayersModel reads it).', `MODEL_TOPOLOGY = ${pyLiteral(plan.topology, '')}`],
    mainFunction(plan, className),
    [
      'if __name__ == "__main__":',
      '    try:',
      '        main()',
      '    except (mlpc.DataError, mlpc.FlagError) as error:',
      '        mlpc.exit_on_error(error)',
    ],
  ];
  const text = `${blocks.map((block) => block.join('\n')).join('\n\n\n')}\n`;
  return { name: ir.name, fileName: `${ir.name}.py`, text };
}

/** The IR's PyTorch script, through the plan (callers check pytorchObstacles first). */
export function emitPytorchScript(ir: ModelIR, options: PytorchPrintOptions): EmittedPythonScript {
  return printPytorchScript(planModel(ir), options);
}
