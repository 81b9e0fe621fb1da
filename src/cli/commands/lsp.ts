import type { Command } from 'commander';
import { action } from '../action.js';

export function register(program: Command): void {
  program
    .command('lsp')
    .description('run the language server (diagnostics, fixes, hovers, completion) for editors')
    .option('--stdio', 'talk LSP over stdin and stdout (the default and only transport)')
    .action(
      action(async (_options: { stdio?: boolean }, command: Command) => {
        // Lazy, as lint: the server never loads the emitter (ts-morph) or TensorFlow.js.
        const { runLsp } = await import('../handlers/lsp.js');
        return runLsp({ version: command.parent?.version() ?? '0.0.0' });
      }),
    );
}
