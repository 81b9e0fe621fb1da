/**
 * Picks the formatter for `mlpc lint --format`, loading only that one (a lint run pays for the modules
 * it loads: see the CPU figures of `npm run bench -- --only compiler`). SARIF gets rule metadata from the registry.
 */
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface OutputContext {
  sources: ReadonlyMap<string, string>;
  /** Every linted file, shown files, in order (json lists clean ones too). */
  files: readonly string[];
  color: boolean;
  root: string;
}

export const TOOL_VERSION = '0.1.0';

export async function formatLintOutput(format: LintFormat, diagnostics: Diagnostic[], context: OutputContext): Promise<string> {
  switch (format) {
    case 'json': {
      const { formatLintJson } = await import('../compiler/diagnostics/formatters/json.js');
      return formatLintJson(diagnostics, context.files);
    }
    case 'sarif': {
      const [{ formatSarif }, { sarifRuleInfo }, { ruleLinks }, { rules }] = await Promise.all([
        import('../compiler/diagnostics/formatters/sarif.js'),
        import('../compiler/lint/rule-docs.js'),
        import('../compiler/lint/rule-links.js'),
        import('../compiler/lint/rules/index.js'),
      ]);
      const { repository } = ruleLinks();
      return formatSarif(diagnostics, {
        rules: rules.map((rule) => sarifRuleInfo(rule, repository?.blob)),
        toolVersion: TOOL_VERSION,
        informationUri: repository?.home,
        root: context.root,
        sources: context.sources,
      });
    }
    case 'github': {
      const { formatGithub } = await import('../compiler/diagnostics/formatters/github.js');
      return formatGithub(diagnostics);
    }
    default: {
      const { formatStylish } = await import('../compiler/diagnostics/formatters/stylish.js');
      return formatStylish(diagnostics, new Map(context.sources), { color: context.color });
    }
  }
}
