/**
 * TF1 code writes dropout as `keep_prob`; mlpc (like Keras) writes `rate`, the probability of
 * dropping. A `keep_prob` key is rejected with the conversion and a safe fix that rewrites it.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SpecSource } from './yaml-source.js';

function rateFor(keepProb: number): string {
  // 1 - 0.8 is 0.19999999999999996 in binary floating point: print what the user means.
  return String(Number((1 - keepProb).toPrecision(12)));
}

/** A diagnostic for every layer with `keep_prob`, and the layer indices that had one. */
export function findKeepProb(data: unknown, source: SpecSource): { diagnostics: Diagnostic[]; layers: Set<number> } {
  const diagnostics: Diagnostic[] = [];
  const layers = new Set<number>();
  const model = data && typeof data === 'object' ? (data as Record<string, unknown>).model : undefined;
  const list = model && typeof model === 'object' ? (model as Record<string, unknown>).layers : undefined;
  if (!Array.isArray(list)) return { diagnostics, layers };
  list.forEach((layer: unknown, index) => {
    if (!layer || typeof layer !== 'object' || !('keep_prob' in layer) || (layer as Record<string, unknown>).type !== 'dropout') return;
    layers.add(index);
    const fields = layer as Record<string, unknown>;
    const keepProb = fields.keep_prob;
    const path = ['model', 'layers', index, 'keep_prob'];
    const convertible = typeof keepProb === 'number' && keepProb > 0 && keepProb <= 1;
    const rate = convertible ? rateFor(keepProb) : undefined;
    const diagnostic: Diagnostic = {
      code: 'keep-prob',
      severity: 'error',
      message: `layer ${index + 1} (dropout): keep_prob is not supported; write the drop probability as rate${rate === undefined ? '' : ` (rate: ${rate})`}`,
      location: source.locateKey(path),
      hint: 'rate = 1 - keep_prob (TF1 keep_prob is the probability of keeping a unit; rate is the probability of dropping it)',
    };
    if (rate !== undefined && !('rate' in fields)) {
      const key = source.locateKey(path);
      const value = source.locate(path);
      diagnostic.fix = {
        description: `Replace keep_prob: ${String(keepProb)} with rate: ${rate}`,
        edits: [
          { start: key.start, end: key.end, text: 'rate' },
          { start: value.start, end: value.end, text: rate },
        ],
        safe: true,
      };
    }
    diagnostics.push(diagnostic);
  });
  return { diagnostics, layers };
}
