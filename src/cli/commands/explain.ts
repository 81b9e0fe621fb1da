import type { Command } from 'commander';
import { action } from '../action.js';

export function register(program: Command): void {
  program
    .command('explain')
    .description("print a lint rule's page, as in docs/rules/RULE.md (without RULE: list the rules)")
    .argument('[rule]', 'rule id, e.g. no-bias-regularization')
    .option('--markdown', 'print the page as Markdown')
    .action(
      action(async (rule: string | undefined, options: { markdown?: boolean }) => {
        const { runExplain } = await import('../handlers/explain.js');
        return runExplain(rule, options);
      }),
    );
}
