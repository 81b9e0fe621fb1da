/**
 * `mlpc: 1` keeps its meaning: a v1 spec that uses a v2 feature (a graph field, a new layer, a selector
 * mapping, sequence data, a new training knob) is an error at that node asking for `mlpc: 2`.
 */
import type { LayerSpec, Selectors } from '../spec/spec-types.js';
import type { JsonPath } from '../spec/yaml-source.js';
import type { LowerContext } from './lower-context.js';
import { scheduleFields } from './lower-schedule.js';

const V2_LAYERS = new Set(['embedding', 'position_embedding', 'layer_norm', 'causal_self_attention', 'lstm', 'gru', 'add', 'drop_path', 'block']);

export function checkVersion(context: LowerContext): void {
  const spec = context.spec;
  if (spec.mlpc !== 1) return;
  const needs = (path: JsonPath, what: string, atKey = false) =>
    context.error('needs-v2', path, `${what} needs mlpc: 2 (this spec says mlpc: 1)`, {
      atKey,
      hint: 'write mlpc: 2 at the top; every v1 spec means the same under mlpc: 2',
      related: [{ message: 'format version', location: context.source.locate(['mlpc']) }],
    });
  const layers = (list: readonly LayerSpec[], listPath: JsonPath) =>
    list.forEach((layer, index) => {
      const path = [...listPath, index];
      if (V2_LAYERS.has(layer.type)) needs([...path, 'type'], `layer type ${layer.type}`);
      if (layer.from !== undefined) needs([...path, 'from'], 'from', true);
      if (layer.type === 'dense' && layer.tie !== undefined) needs([...path, 'tie'], 'tie', true);
      if ((layer.type === 'dense' || layer.type === 'conv2d' || layer.type === 'activation') && layer.activation === 'gelu') {
        needs([...path, 'activation'], 'activation gelu');
      }
      if (layer.type === 'block') layers(layer.layers, [...path, 'layers']);
    });
  layers(spec.model.layers, ['model', 'layers']);
  const mappings = (selectors: Selectors | undefined, path: JsonPath) => {
    if (selectors === undefined) return;
    const list = Array.isArray(selectors) ? selectors : [selectors];
    list.forEach((selector, index) => {
      if (typeof selector !== 'string') needs(Array.isArray(selectors) ? [...path, index] : path, 'a selector by ndim, kind or layer_type');
    });
  };
  spec.regularization?.forEach((rule, index) => mappings(rule.params, ['regularization', index, 'params']));
  spec.constraints?.forEach((rule, index) => mappings(rule.params, ['constraints', index, 'params']));
  const optimizer = spec.training.optimizer;
  if (optimizer.type === 'adamw') mappings(optimizer.exclude, ['training', 'optimizer', 'exclude']);
  if (spec.data.source === 'text' || spec.data.source === 'tokens') needs(['data', 'source'], `data source ${spec.data.source}`);
  const rate = optimizer.learning_rate;
  if (typeof rate === 'object' && scheduleFields(rate).name === 'warmup_cosine') needs(['training', 'optimizer', 'learning_rate', rate.type ? 'type' : 'schedule'], 'schedule warmup_cosine');
  if (spec.training.clip_grad_norm !== undefined) needs(['training', 'clip_grad_norm'], 'clip_grad_norm', true);
  if (spec.training.label_smoothing !== undefined) needs(['training', 'label_smoothing'], 'label_smoothing', true);
}
