/**
 * mlpc.config.yaml, found upward from the spec like ESLint's and Ruff's configs (the nearest one wins),
 * validated against its own schema with every error at its YAML position.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorObject } from 'ajv';
import { compareDiagnostics } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { createSpecSource, toPlainData } from '../spec/yaml-source.js';
import type { SpecSource } from '../spec/yaml-source.js';
import type { RuleSetting } from './engine.js';
import { lintConfigSchema } from './config-schema.js';
import { rules } from './rules/index.js';
import { isPlainValidConfig } from './plain-config.js';

export const CONFIG_FILE_NAMES = ['mlpc.config.yaml', 'mlpc.config.yml'];

export interface LintConfig {
  /** The file it was read from; absent for the defaults. */
  file?: string;
  rules: ReadonlyMap<string, RuleSetting>;
  unusedDisableDirectives: Severity | 'off';
  /** `targets:` — what `mlpc build` emits for specs under this config (absent: the default, typescript). */
  targets?: string[];
}

export const DEFAULT_LINT_CONFIG: LintConfig = { rules: new Map(), unusedDisableDirectives: 'warning' };

// ajv and fastest-levenshtein are loaded only when a config file exists (most lint runs have none).
const require = createRequire(import.meta.url);

const foundInDirectory = new Map<string, Promise<string | undefined>>();

/** The nearest mlpc.config.yaml in the spec's directory or above it (cached: a CLI run sees one tree). */
export function findConfigFile(directory: string): Promise<string | undefined> {
  const absolute = path.resolve(directory);
  let found = foundInDirectory.get(absolute);
  if (!found) {
    found = Promise.resolve(nearestConfigFile(absolute, existsSync));
    foundInDirectory.set(absolute, found);
  }
  return found;
}

function nearestConfigFile(directory: string, exists: (file: string) => boolean): string | undefined {
  for (let current = directory; ; current = path.dirname(current)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(current, name)).find(exists);
    if (found || path.dirname(current) === current) return found;
  }
}

export interface LoadConfigOptions {
  /**
   * Texts of config files open in an editor, by absolute path: they win over the disk, and the lookup
   * is not cached (a language server lives while files appear and change).
   */
  openFiles?: ReadonlyMap<string, string>;
}

export async function loadLintConfig(specFile: string, options: LoadConfigOptions = {}): Promise<{ config: LintConfig; diagnostics: Diagnostic[] }> {
  const open = options.openFiles;
  const file = open
    ? nearestConfigFile(path.resolve(path.dirname(specFile)), (candidate) => open.has(candidate) || existsSync(candidate))
    : await findConfigFile(path.dirname(specFile));
  if (!file) return { config: DEFAULT_LINT_CONFIG, diagnostics: [] };
  const shown = path.relative(process.cwd(), file).split(path.sep).join('/') || file;
  let text: string;
  try {
    text = open?.get(file) ?? readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { config: DEFAULT_LINT_CONFIG, diagnostics: [{ code: 'config-unreadable', severity: 'error', message: `cannot read ${shown}: ${reason}` }] };
  }
  return parseLintConfig(shown, text);
}

export function parseLintConfig(file: string, text: string): { config: LintConfig; diagnostics: Diagnostic[] } {
  const { source, diagnostics } = createSpecSource(file, text);
  if (diagnostics.some((d) => d.severity === 'error')) return { config: { ...DEFAULT_LINT_CONFIG, file }, diagnostics };
  const plain = toPlainData(source);
  diagnostics.push(...plain.diagnostics);
  const value = plain.value ?? {};
  diagnostics.push(...validateConfig(source, value));
  if (diagnostics.some((d) => d.severity === 'error')) return { config: { ...DEFAULT_LINT_CONFIG, file }, diagnostics };
  const data = value as { rules?: Record<string, unknown>; report_unused_disable_directives?: Severity | 'off'; targets?: string[] };
  const settings = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    if (typeof setting === 'string') settings.set(id, { severity: setting as RuleSetting['severity'] });
    else if (Array.isArray(setting)) {
      settings.set(id, { severity: setting[0] as RuleSetting['severity'], options: (setting[1] ?? {}) as Record<string, number> });
    }
  }
  return {
    config: {
      file,
      rules: settings,
      unusedDisableDirectives: data.report_unused_disable_directives ?? 'warning',
      ...(data.targets ? { targets: [...data.targets] } : {}),
    },
    diagnostics,
  };
}

let compiledValidator: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } | undefined;

function validator() {
  if (!compiledValidator) {
    const AjvClass = require('ajv') as typeof import('ajv').default;
    compiledValidator = new AjvClass({ allErrors: true, strict: false }).compile(lintConfigSchema(rules));
  }
  return compiledValidator;
}


function validateConfig(source: SpecSource, value: unknown): Diagnostic[] {
  // Severities and targets alone are checked without loading ajv (plain-config.ts says why).
  if (isPlainValidConfig(value, new Set(rules.map((rule) => rule.id)))) return [];
  const validate = validator();
  if (validate(value)) return [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if') continue;
    const at = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const jsonPath = at.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    let message: string;
    let location = source.locate(jsonPath);
    let hint: string | undefined;
    if (error.keyword === 'additionalProperties') {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      location = source.locateKey([...jsonPath, key]);
      if (at.length === 1 && at[0] === 'rules') {
        message = `unknown lint rule ${key}`;
        const { closest } = require('fastest-levenshtein') as typeof import('fastest-levenshtein');
        const suggestion = closest(key, rules.map((rule) => rule.id));
        hint = `Did you mean ${suggestion}? \`mlpc explain\` lists the rules.`;
      } else if (at.length === 0) {
        message = `unknown key \`${key}\`; mlpc.config.yaml has \`rules\`, \`report_unused_disable_directives\` and \`targets\``;
      } else {
        message = `unknown option \`${key}\` for ${at[1] ?? 'this rule'}`;
      }
    } else if (error.keyword === 'enum') {
      message = `expected one of off, info, warning, error`;
    } else if (error.keyword === 'type') {
      message = `expected ${String((error.params as { type: string }).type).replace(',', ' or ')}`;
    } else {
      message = error.message ?? `invalid value (${error.keyword})`;
    }
    const key = `${location.start}:${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push({ code: 'config-schema', severity: 'error', message, location, hint });
  }
  return diagnostics.sort(compareDiagnostics);
}
