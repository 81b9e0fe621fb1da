/**
 * A check of mlpc.config.yaml without ajv, for the configs most projects have: severities by rule id,
 * `report_unused_disable_directives` and `targets:`. A repository config (this one's says its targets)
 * is read by every `mlpc lint` under it, and compiling the config's JSON Schema with ajv costs start-up
 * time that lint otherwise never spends (test/startup measures it). The check accepts only values the
 * schema accepts (test/lint/plain-config.test.ts compares them); anything else — rule options, an unknown
 * key, a wrong type — goes to the schema, which reports every error at its YAML position.
 */
import { CONFIG_TARGETS, SEVERITY_WORDS } from './config-schema.js';

const TOP_LEVEL_KEYS = new Set(['rules', 'report_unused_disable_directives', 'targets']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeverity(value: unknown): boolean {
  return typeof value === 'string' && (SEVERITY_WORDS as readonly string[]).includes(value);
}

/** True when `value` is a config the schema accepts, decided without ajv; false: ask the schema. */
export function isPlainValidConfig(value: unknown, ruleIds: ReadonlySet<string>): boolean {
  if (!isRecord(value) || !Object.keys(value).every((key) => TOP_LEVEL_KEYS.has(key))) return false;
  const { rules, report_unused_disable_directives: unused, targets } = value;
  if (rules !== undefined && !(isRecord(rules) && Object.entries(rules).every(([id, setting]) => ruleIds.has(id) && isSeverity(setting)))) return false;
  if (unused !== undefined && !isSeverity(unused)) return false;
  if (targets === undefined) return true;
  return (
    Array.isArray(targets) &&
    targets.length > 0 &&
    new Set(targets).size === targets.length &&
    targets.every((target) => typeof target === 'string' && (CONFIG_TARGETS as readonly string[]).includes(target))
  );
}
