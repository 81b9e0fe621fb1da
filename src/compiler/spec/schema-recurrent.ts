/**
 * The recurrent layers of spec v2 (issue #21): `lstm` and `gru` (Keras reset_after=True = PyTorch's GRU), stacked with `layers`, on a sequence
 * [positions, features] from an embedding or a dense layer. Field names follow Keras's LSTM
 * (units, return_sequences, unit_forget_bias, kernel/recurrent initializers); `dropout` between
 * stacked layers has PyTorch's nn.LSTM(dropout=p) meaning. See docs/spec-v2.md#recurrent-layers.
 */
type Schema = Record<string, unknown>;

const initializer = { $ref: '#/definitions/initializer' };

const bidirectional = (cell: string): Schema => ({
  type: 'boolean',
  description:
    `each stacked layer reads the sequence forwards and backwards (own weights per direction) and outputs both h concatenated, forward first: [positions, 2·units] ` +
    `(Keras Bidirectional(${cell.toUpperCase()}(…), merge_mode='concat'), PyTorch nn.${cell.toUpperCase()}(bidirectional=True)); default false`,
});

const stackFields = (cell: string): Schema => ({
  units: { type: 'integer', minimum: 1, maximum: 65536, description: `the width of the state h${cell === 'lstm' ? ' (and c)' : ''}; the output is [positions, units] or [units]` },
  layers: { type: 'integer', minimum: 1, maximum: 64, description: `stacked ${cell.toUpperCase()} layers (PyTorch num_layers), each feeding the next; default 1` },
  bidirectional: bidirectional(cell),
  return_sequences: {
    type: 'boolean',
    description: 'true (default): the last layer\'s h at every position [positions, units]; false: its h at the last position [units] (Keras return_sequences)',
  },
  dropout: {
    type: 'number', minimum: 0, exclusiveMaximum: 1,
    description: `dropout on the output of every stacked layer except the last, training only (PyTorch nn.${cell.toUpperCase()} dropout); does nothing with layers: 1`,
  },
  kernel_init: initializer,
  recurrent_init: { ...initializer, description: `the recurrent kernel [units, ${cell === 'lstm' ? 4 : 3}·units]; default orthogonal (Keras)` },
});

export function recurrentLayerBranches(layerBranch: (type: string, props: Schema, required: string[]) => Schema): Record<string, Schema> {
  return {
    layer_gru: layerBranch('gru', stackFields('gru'), ['units']),
    layer_lstm: layerBranch(
      'lstm',
      {
        units: { type: 'integer', minimum: 1, maximum: 65536, description: 'the width of the state h (and c); the output is [positions, units] or [units]' },
        layers: { type: 'integer', minimum: 1, maximum: 64, description: 'stacked LSTM layers (PyTorch num_layers), each feeding the next; default 1' },
        bidirectional: bidirectional('lstm'),
        return_sequences: {
          type: 'boolean',
          description: 'true (default): the last layer\'s h at every position [positions, units]; false: its h at the last position [units] (Keras return_sequences)',
        },
        dropout: {
          type: 'number', minimum: 0, exclusiveMaximum: 1,
          description: 'dropout on the output of every stacked layer except the last, training only (PyTorch nn.LSTM dropout); does nothing with layers: 1',
        },
        kernel_init: initializer,
        recurrent_init: { ...initializer, description: 'the recurrent kernel [units, 4·units]; default orthogonal (Keras)' },
        unit_forget_bias: { type: 'boolean', description: 'bias of the forget gate starts at 1 (Keras default true; Jozefowicz et al. 2015)' },
      },
      ['units'],
    ),
  };
}
