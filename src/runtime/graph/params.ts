/** A graph model's parameters: tf.Variables by parameter id (`h.0.attn.qkv.kernel`), in the order saved models hold them. */
import * as tf from '@tensorflow/tfjs';

export type GraphParams = Record<string, tf.Variable>;
export type GraphGrads = Record<string, tf.Tensor>;

/** Instance `prefix` of a block (`h.2.`): its parameters by their ids inside the block (`attn.qkv.kernel`). */
export function scopedParams(params: GraphParams, prefix: string): (id: string) => tf.Variable {
  return (id) => {
    const variable = params[prefix + id];
    if (variable === undefined) throw new Error(`internal: no parameter ${prefix}${id}`);
    return variable;
  };
}
