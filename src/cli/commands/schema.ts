import type { Command } from 'commander';
import { action } from '../action.js';

export function register(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of mlpc specs (draft-07), for editors and other tools')
    .option('--path', 'print the path of the shipped schema file instead')
    .addHelpText(
      'after',
      '\nEditors with the YAML language server validate a spec whose first line is\n' +
        '  # yaml-language-server: $schema=../node_modules/mlpc/schema/mlpc.schema.json\n',
    )
    .action(
      action(async (options: { path?: boolean }) => {
        const { runSchema } = await import('../handlers/schema.js');
        return runSchema(options);
      }),
    );
}
