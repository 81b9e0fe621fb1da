/**
 * What a lint rule is: an id, a default severity, docs in Ruff's shape (what it does / why is this bad /
 * example / use instead / fix safety / references) and a check over the IR. `mlpc explain`, the rule pages
 * (docs/rules/), their table and SARIF rule metadata are all rendered from these fields.
 */
import type { Fix, RelatedLocation, Severity, SourceLocation } from '../diagnostics/diagnostic.js';
import type { ModelIR } from '../ir/types.js';
import type { SpecSource } from '../spec/yaml-source.js';

export interface Reference {
  title: string;
  url?: string;
}

export interface RuleDocs {
  /** The rule table's "what it catches": one sentence. */
  summary: string;
  /** The rule table's "why": one sentence. */
  rationale: string;
  whatItDoes: string;
  whyIsThisBad: string;
  /** A complete spec that triggers the rule (linted by test/lint/rule-docs-examples.test.ts). */
  example: string;
  /** The same spec written well: the rule stays silent on it. */
  useInstead: string;
  fixSafety: string;
  references: Reference[];
}

/** A numeric threshold a user may change in mlpc.config.yaml: `rule-id: [warning, {ratio: 100}]`. */
export interface RuleOption {
  default: number;
  description: string;
  minimum?: number;
}

/**
 * A finding as a rule reports it, typescript-eslint style: the id of one of the rule's `messages`
 * and the values of that template's `{{placeholders}}`. The engine renders the message.
 */
export interface Finding {
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  location: SourceLocation;
  related?: RelatedLocation[];
  hint?: string;
  fix?: Fix;
}

export interface RuleContext {
  ir: ModelIR;
  source: SpecSource;
  /** Option values, defaults filled in. */
  options: Readonly<Record<string, number>>;
  report(finding: Finding): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  docs: RuleDocs;
  /**
   * Message templates by id (typescript-eslint's `meta.messages`): one sentence with `{{name}}`
   * placeholders filled from the finding's `data`. Tests and editors key on the id, never on the text.
   */
  messages: Readonly<Record<string, string>>;
  /** True when `--fix` can fix some of its findings (it attaches a safe fix); suggestions alone do not count. */
  fixable: boolean;
  options?: Record<string, RuleOption>;
  /**
   * Off unless mlpc.config.yaml names it (`rule-id: info`): advice that would fire on most correct
   * models is noise by default. `severity` is then the severity it reports with when turned on.
   */
  optIn?: boolean;
  check(context: RuleContext): void;
}
