/**
 * Tied parameters: `tie: wte.embeddings` on a dense layer makes its kernel that parameter, transposed
 * (nanoGPT's `self.transformer.wte.weight = self.lm_head.weight`). The tensor has one owner; the dense
 * layer's `<name>.kernel` becomes an alias in the owner's `aliases`, which selectors may match.
 */
import { didYouMean } from '../spec/did-you-mean.js';
import type { LayerSite } from './graph.js';
import type { LowerContext } from './lower-context.js';
import { showShape } from './shapes.js';
import type { LayerIR, ParameterIR } from './types.js';

export function resolveTies(layers: LayerIR[], sites: readonly LayerSite[], parameters: readonly ParameterIR[], context: LowerContext): void {
  sites.forEach((site, index) => {
    const layer = layers[index];
    if (site.spec.type !== 'dense' || site.spec.tie === undefined || layer?.type !== 'dense') return;
    const tie = site.spec.tie;
    const at = [...site.path, 'tie'];
    const owner = parameters.find((parameter) => parameter.id === tie);
    if (!owner) {
      context.error('unknown-tie', at, `${site.who}: tie: "${tie}" names no parameter${didYouMean(tie, parameters.map((p) => p.id))}`, {
        hint: 'tie names a parameter id such as wte.embeddings (see mlpc inspect)',
      });
      return;
    }
    const input = layer.inputShape[layer.inputShape.length - 1] ?? 0;
    const expected = [layer.units, input];
    if (owner.shape.length !== 2 || owner.shape[0] !== expected[0] || owner.shape[1] !== expected[1]) {
      context.error(
        'tie-shape',
        at,
        `${site.who}: its kernel [${input}, ${layer.units}] is the transpose of a ${showShape(expected)} tensor, but ${owner.id} is ${showShape(owner.shape)}`,
        { hint: layer.units !== owner.shape[0] ? `set units: ${owner.shape[0]}` : undefined },
      );
      return;
    }
    if (site.spec.kernel_init !== undefined) {
      context.error('tie-init', [...site.path, 'kernel_init'], `${site.who}: a tied kernel is ${owner.id}, initialized by its owner; remove kernel_init`, { atKey: true });
    }
    layer.tiedKernel = owner.id;
    owner.aliases.push(`${layer.name}.kernel`);
  });
}
