/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=…::message`
 * line per diagnostic, which the runner turns into annotations on the pull request's diff.
 * Escaping follows @actions/core (toCommandValue / escapeProperty).
 */
import type { Diagnostic } from '../diagnostic.js';

const COMMAND_OF_SEVERITY = { error: 'error', warning: 'warning', info: 'notice' } as const;

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => {
      const properties: string[] = [];
      const location = diagnostic.location;
      if (location) {
        properties.push(`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`);
        if (location.endLine !== location.line) properties.push(`endLine=${location.endLine}`);
        else properties.push(`endColumn=${location.endColumn}`);
      }
      properties.push(`title=${escapeProperty(`mlpc ${diagnostic.code}`)}`);
      const message = diagnostic.hint ? `${diagnostic.message}\n${diagnostic.hint}` : diagnostic.message;
      return `::${COMMAND_OF_SEVERITY[diagnostic.severity]} ${properties.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}
