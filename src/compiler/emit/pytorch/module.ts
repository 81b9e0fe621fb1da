/**
 * The spec's layers as an nn.Module: submodules named as the spec names the layers, `forward` in
 * the spec's order, Keras semantics where nn's defaults differ (TF's "same" padding, channels-last
 * flatten order, Keras batch-norm momentum and moving variance).
 */
import type { Activation } from '../../ir/types.js';
import type { LayerStep, ModelPlan } from '../plan.js';
import { call, kw, statement, type PyExpr, type PyItem } from './python-expr.js';
import { nnModuleClass, pyAttribute, pyClassName, pyNumber } from './python-source.js';
import { at } from './spec-lines.js';
import { activationCall } from './activation.js';
import { activityAttribute } from './loss.js';
import { windowGeometry } from '../../../runtime/shared/window-geometry.js';

const activation = (name: Activation, x: PyExpr): PyExpr => activationCall(name, x, '1');


/** nn's symmetric padding (rows, columns), or F.pad's (left, right, top, bottom) for TF's padding, or neither. */
function windowPadding(layer: LayerStep & { type: 'conv2d' | 'max_pool2d' | 'average_pool2d' }): { symmetric: [number, number] | null; explicit: number[] | null } {
  const window = layer.type === 'conv2d' ? layer.kernelSize : layer.poolSize;
  const [height, width] = layer.inputShape;
  const rows = windowGeometry(height, window[0], layer.strides[0], layer.padding);
  const columns = windowGeometry(width, window[1], layer.strides[1], layer.padding);
  if (rows.padBefore === 0 && rows.padAfter === 0 && columns.padBefore === 0 && columns.padAfter === 0) {
    return { symmetric: null, explicit: null };
  }
  const symmetric = rows.padBefore === rows.padAfter && columns.padBefore === columns.padAfter;
  // nn.MaxPool2d pads with −∞ but only up to half the window; conv pads with zeros symmetrically.
  // nn.AvgPool2d has the same half-window bound.
  const poolFits = layer.type === 'conv2d' || (rows.padBefore <= window[0] / 2 && columns.padBefore <= window[1] / 2);
  if (symmetric && poolFits) return { symmetric: [rows.padBefore, columns.padBefore], explicit: null };
  return { symmetric: null, explicit: [columns.padBefore, columns.padAfter, rows.padBefore, rows.padAfter] };
}

/** `5` for (5, 5), `(3, 5)` otherwise: as nn and Keras both accept. */
export function pair(values: readonly number[]): string {
  return values[0] === values[1] ? String(values[0]) : `(${values[0]}, ${values[1]})`;
}

interface LayerCode {
  /** The submodule's constructor, if the layer has one. */
  module?: PyExpr;
  moduleComment?: string;
  /** Statements of `forward`, each `x = …`, with an optional comment. */
  forward: { expr: PyExpr; comment?: string }[];
}

/** Dropout layers whose masks a dropout-aware penalty reads, with those penalties' ids. */
export function maskReaders(plan: Pick<ModelPlan, 'penalties'>): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const penalty of plan.penalties) {
    if (penalty.kind !== 'dropout_aware_l2') continue;
    for (const mask of penalty.masks) readers.set(mask.layer, [...(readers.get(mask.layer) ?? []), penalty.id]);
  }
  return readers;
}

function layerCode(layer: LayerStep, readers: ReadonlyMap<string, string[]>): LayerCode {
  const self = `self.${pyAttribute(layer.name)}`;
  switch (layer.type) {
    case 'dense': {
      const args: PyItem[] = [String(layer.inputShape[0]), String(layer.units)];
      if (!layer.useBias) args.push(kw('bias', 'False'));
      return { module: call('nn.Linear', ...args), forward: [{ expr: activation(layer.activation, call(self, 'x')) }] };
    }
    case 'dropout': {
      if (!readers.has(layer.name)) return { module: call('nn.Dropout', pyNumber(layer.rate)), forward: [{ expr: call(self, 'x') }] };
      // nn.Dropout's masks, kept for the penalty terms that read them.
      const comment = `keeps its masks for dropout-aware L2 (${at(layer.line)})`;
      return { module: call('mlpc.Dropout', pyNumber(layer.rate)), moduleComment: comment, forward: [{ expr: call(self, 'x') }] };
    }
    case 'activation':
      return { forward: [{ expr: activation(layer.activation, 'x'), comment: `${layer.name} (${at(layer.line)})` }] };
    case 'flatten':
      if (layer.inputShape.length === 3) {
        return { forward: [{ expr: 'x.permute(0, 2, 3, 1).flatten(1)', comment: `${layer.name}: in Keras order (height, width, channels)` }] };
      }
      return { forward: [{ expr: 'x.flatten(1)', comment: layer.name }] };
    case 'conv2d': {
      const padding = windowPadding(layer);
      const args: PyItem[] = [String(layer.inputShape[2]), String(layer.filters), kw('kernel_size', pair(layer.kernelSize))];
      if (layer.strides[0] !== 1 || layer.strides[1] !== 1) args.push(kw('stride', pair(layer.strides)));
      if (padding.symmetric) args.push(kw('padding', pair(padding.symmetric)));
      if (!layer.useBias) args.push(kw('bias', 'False'));
      const forward: LayerCode['forward'] = [];
      if (padding.explicit) forward.push({ expr: call('F.pad', 'x', `(${padding.explicit.join(', ')})`), comment: `TF's "same" padding: the extra row and column after` });
      forward.push({ expr: activation(layer.activation, call(self, 'x')) });
      return { module: call('nn.Conv2d', ...args), forward };
    }
    case 'conv1d': {
      // Sequences stay channels-last [batch, steps, channels] between layers; nn.Conv1d wants them channels-first.
      const steps = windowGeometry(layer.inputShape[0], layer.kernelSize, layer.strides, layer.padding);
      const args: PyItem[] = [String(layer.inputShape[1]), String(layer.filters), kw('kernel_size', String(layer.kernelSize))];
      if (layer.strides !== 1) args.push(kw('stride', String(layer.strides)));
      const even = steps.padBefore === steps.padAfter;
      if (even && steps.padBefore > 0) args.push(kw('padding', String(steps.padBefore)));
      if (!layer.useBias) args.push(kw('bias', 'False'));
      const forward: LayerCode['forward'] = [{ expr: 'x.transpose(1, 2)', comment: `${layer.name}: channels first for nn.Conv1d` }];
      if (!even) forward.push({ expr: call('F.pad', 'x', `(${steps.padBefore}, ${steps.padAfter})`), comment: `TF's "same" padding: the extra step after` });
      forward.push({ expr: activation(layer.activation, call(self, 'x')) }, { expr: 'x.transpose(1, 2)' });
      return { module: call('nn.Conv1d', ...args), forward };
    }
    case 'max_pool2d': {
      const padding = windowPadding(layer);
      const args: PyItem[] = [pair(layer.poolSize)];
      if (layer.strides[0] !== layer.poolSize[0] || layer.strides[1] !== layer.poolSize[1]) args.push(kw('stride', pair(layer.strides)));
      if (padding.symmetric) args.push(kw('padding', pair(padding.symmetric)));
      const forward: LayerCode['forward'] = [];
      if (padding.explicit) forward.push({ expr: call('F.pad', 'x', `(${padding.explicit.join(', ')})`, kw('value', 'float("-inf")')), comment: `TF's "same" padding` });
      forward.push({ expr: call(self, 'x') });
      return { module: call('nn.MaxPool2d', ...args), forward };
    }
    case 'average_pool2d': {
      const padding = windowPadding(layer);
      const stride = layer.strides[0] !== layer.poolSize[0] || layer.strides[1] !== layer.poolSize[1] ? [kw('stride', pair(layer.strides))] : [];
      if (padding.explicit) {
        const args = [pair(layer.poolSize), pair(layer.strides), `(${padding.explicit.join(', ')})`];
        return { module: call('mlpc.AvgPool2dSame', ...args), moduleComment: `TF's "same" padding, padded cells left out of the mean (${at(layer.line)})`, forward: [{ expr: call(self, 'x') }] };
      }
      // Keras leaves the padded cells out of each mean; nn.AvgPool2d counts them unless told not to.
      const args: PyItem[] = [pair(layer.poolSize), ...stride];
      if (padding.symmetric) args.push(kw('padding', pair(padding.symmetric)), kw('count_include_pad', 'False'));
      return { module: call('nn.AvgPool2d', ...args), forward: [{ expr: call(self, 'x') }] };
    }
    case 'global_average_pool2d':
      return { forward: [{ expr: 'x.mean(dim=(2, 3))', comment: `${layer.name}: the mean over height and width (${at(layer.line)})` }] };
    case 'average_pool1d':
    case 'max_pool1d': {
      // Sequences stay channels-last [batch, steps, channels]: the runtime transposes around F's pooling.
      const steps = windowGeometry(layer.inputShape[0], layer.poolSize, layer.strides, layer.padding);
      const fn = layer.type === 'max_pool1d' ? 'mlpc.max_pool1d' : 'mlpc.avg_pool1d';
      return { forward: [{ expr: call(fn, 'x', String(layer.poolSize), String(layer.strides), `(${steps.padBefore}, ${steps.padAfter})`), comment: `${layer.name} (${at(layer.line)})` }] };
    }
    case 'global_max_pool2d':
      // max over one axis: its gradient goes to one element, as TF's (amax would split ties).
      return { forward: [{ expr: 'x.flatten(2).max(dim=2).values', comment: `${layer.name}: the maximum over height and width (${at(layer.line)})` }] };
    case 'global_average_pool1d':
      return { forward: [{ expr: 'x.mean(dim=1)', comment: `${layer.name}: the mean over the steps (${at(layer.line)})` }] };
    case 'global_max_pool1d':
      return { forward: [{ expr: 'x.max(dim=1).values', comment: `${layer.name}: the maximum over the steps (${at(layer.line)})` }] };
    case 'batch_norm': {
      const kind = layer.inputShape.length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
      const channels = layer.inputShape[layer.inputShape.length - 1];
      const module = call(`mlpc.${kind}`, String(channels), kw('eps', pyNumber(layer.epsilon)), kw('momentum', `1 - ${pyNumber(layer.momentum)}`));
      const moduleComment = `Keras momentum ${pyNumber(layer.momentum)}, Keras moving variance (${at(layer.line)})`;
      if (layer.inputShape.length !== 2) return { module, moduleComment, forward: [{ expr: call(self, 'x') }] };
      // [batch, steps, channels]: Keras normalizes each channel over batch and steps, nn.BatchNorm1d over
      // dims 0 and 2 of [batch, channels, steps].
      return {
        module,
        moduleComment,
        forward: [{ expr: 'x.transpose(1, 2)', comment: `${layer.name}: channels first for nn.BatchNorm1d` }, { expr: call(self, 'x') }, { expr: 'x.transpose(1, 2)' }],
      };
    }
  }
}

/** `class Seed(nn.Module): …` */
export function moduleClass(plan: ModelPlan): string[] {
  const init: string[] = [];
  const forward: string[] = [];
  const readers = maskReaders(plan);
  for (const layer of plan.layers) {
    const code = layerCode(layer, readers);
    if (code.module) init.push(...statement('        ', `self.${pyAttribute(layer.name)} = `, code.module, code.moduleComment ?? at(layer.line)));
    for (const step of code.forward) forward.push(...statement('        ', 'x = ', step.expr, step.comment));
    if (plan.activityPenalties.some((penalty) => penalty.layer === layer.name)) {
      forward.push(`        self.${activityAttribute(layer.name)} = x  # for activity_penalty`);
    }
  }
  const docstring = `${plan.name}: the layers of ${at(plan.layers[0]?.line) ?? plan.source.file}, named as in the spec.`;
  return nnModuleClass(pyClassName(plan.name), docstring, init, [...forward, '        return x']);
}
