/** A Markdown table, pipes in cells escaped; shared by the report's sections. */
const cell = (text: string) => text.replace(/\|/g, '\\|');

export function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}
