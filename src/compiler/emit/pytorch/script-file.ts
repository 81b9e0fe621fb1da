/** The parts every printed script ends with and how its blocks are joined (two blank lines, as black wants). */

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
