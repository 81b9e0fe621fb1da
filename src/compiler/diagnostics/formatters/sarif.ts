/**
 * SARIF 2.1.0 for code scanning (GitHub uploads it with codeql-action/upload-sarif). Rule metadata is
 * passed in, so that this formatter does not depend on the lint stage.
 */
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import type { Diagnostic, SourceLocation } from '../diagnostic.js';

export interface SarifRuleInfo {
  id: string;
  shortDescription: string;
  fullDescription: string;
  /** Only a real web address of the rule's page; without one the help below is all there is. */
  helpUri?: string;
  /** The rule's page as plain text and as Markdown (code scanning shows the Markdown under "Rule help"). */
  helpText: string;
  helpMarkdown: string;
  defaultSeverity: Diagnostic['severity'];
  /** False for an opt-in rule: SARIF's defaultConfiguration.enabled. */
  enabledByDefault?: boolean;
}

export interface SarifOptions {
  rules: readonly SarifRuleInfo[];
  toolVersion: string;
  /** The tool's web address, when there is a real one. */
  informationUri?: string;
  /** Absolute directory that relative file paths are relative to (SARIF's %SRCROOT%). */
  root: string;
  /** Spec texts, for fingerprints that survive lines moving. */
  sources?: ReadonlyMap<string, string>;
}

const LEVEL_OF_SEVERITY = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Relative paths are relative to %SRCROOT% (what code scanning expects); absolute ones become file: URIs. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  return file.startsWith('/') ? { uri: `file://${encodeURI(file)}` } : { uri: encodeURI(file), uriBaseId: '%SRCROOT%' };
}

function physicalLocation(location: SourceLocation): Sarif.PhysicalLocation {
  return {
    artifactLocation: artifactLocation(location.file),
    region: {
      startLine: location.line,
      startColumn: location.column,
      endLine: location.endLine,
      endColumn: location.endColumn,
      charOffset: location.start,
      charLength: Math.max(0, location.end - location.start),
    },
  };
}

/** Rule, file and the flagged text (whitespace collapsed), so a finding keeps its identity when lines above it change. */
function fingerprint(diagnostic: Diagnostic, sources: ReadonlyMap<string, string> | undefined): string {
  const location = diagnostic.location;
  const text = location ? (sources?.get(location.file)?.slice(location.start, location.end) ?? `${location.line}`) : '';
  const hash = createHash('sha256').update(`${diagnostic.code}\0${location?.file ?? ''}\0${text.replace(/\s+/g, ' ')}`);
  return hash.digest('hex').slice(0, 32);
}

export function toSarifLog(diagnostics: readonly Diagnostic[], options: SarifOptions): Sarif.Log {
  const ruleIndex = new Map(options.rules.map((rule, index) => [rule.id, index]));
  const rootUri = `file://${encodeURI(options.root.endsWith('/') ? options.root : `${options.root}/`)}`;
  const results: Sarif.Result[] = diagnostics.map((diagnostic) => {
    const result: Sarif.Result = {
      ruleId: diagnostic.code,
      level: LEVEL_OF_SEVERITY[diagnostic.severity],
      message: { text: diagnostic.hint ? `${diagnostic.message}. ${diagnostic.hint}` : diagnostic.message },
    };
    const index = ruleIndex.get(diagnostic.code);
    if (index !== undefined) result.ruleIndex = index;
    if (diagnostic.location) {
      result.locations = [{ physicalLocation: physicalLocation(diagnostic.location) }];
      result.partialFingerprints = { 'mlpcFindingHash/v1': fingerprint(diagnostic, options.sources) };
    }
    if (diagnostic.related?.length) {
      result.relatedLocations = diagnostic.related.map((related, id) => ({
        id,
        message: { text: related.message },
        physicalLocation: physicalLocation(related.location),
      }));
    }
    if (diagnostic.fix && diagnostic.location) {
      const file = diagnostic.location.file;
      result.fixes = [
        {
          description: { text: diagnostic.fix.description },
          artifactChanges: [
            {
              artifactLocation: artifactLocation(file),
              replacements: diagnostic.fix.edits.map((edit) => ({
                deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
                insertedContent: { text: edit.text },
              })),
            },
          ],
        },
      ];
    }
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mlpc',
            version: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: options.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.shortDescription },
              fullDescription: { text: rule.fullDescription },
              ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
              help: { text: rule.helpText, markdown: rule.helpMarkdown },
              defaultConfiguration: { level: LEVEL_OF_SEVERITY[rule.defaultSeverity], ...(rule.enabledByDefault === false ? { enabled: false } : {}) },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): string {
  return `${JSON.stringify(toSarifLog(diagnostics, options), null, 2)}\n`;
}
