/** The parts every printed script starts and ends with, and how its blocks are joined (two blank lines, as black wants). */

/** The Python runtime package the scripts import (written beside them by the build). */
export const pytorchRuntimeModule = 'mlpc_runtime';

/** The imports of a script: the runtime first (it bounds the BLAS threads before torch loads), then `standard` modules, then torch. */
export function scriptImports(standard: readonly string[] = []): string[] {
  return [
    `import ${pytorchRuntimeModule} as mlpc  # first: bounds the BLAS threads (--threads) before torch loads`,
    '',
    ...(standard.length === 0 ? [] : [...standard.map((name) => `import ${name}`), '']),
    'import torch',
    'import torch.nn.functional as F',
    'from torch import nn',
  ];
}

/** `python3 x.py` runs main(); a data or flag error is a message and exit 2, never a traceback. */
export const entryPoint = [
  'if __name__ == "__main__":',
  '    try:',
  '        main()',
  '    except (mlpc.DataError, mlpc.FlagError) as error:',
  '        mlpc.exit_on_error(error)',
];

/** The script's text from its top-level blocks (empty blocks left out). */
export function joinBlocks(blocks: readonly (readonly string[])[]): string {
  return `${blocks
    .filter((block) => block.length > 0)
    .map((block) => block.join('\n'))
    .join('\n\n\n')}\n`;
}
