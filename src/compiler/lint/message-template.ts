/**
 * typescript-eslint's message templates: `{{name}}` placeholders filled from a finding's data.
 * A template naming a value the finding does not give is a bug in the rule, so it throws (the
 * engine turns that into an internal-error diagnostic naming the rule).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function renderMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message template needs {{${name}}}, which the finding does not give`);
    return String(value);
  });
}

/** The placeholder names of a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}
