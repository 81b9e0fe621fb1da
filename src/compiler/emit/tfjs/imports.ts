const importLineWidth = 110;

/** `import { a, b, … } from '…';`, its names wrapped onto indented lines when it is long. */
export function importStatement(names: readonly string[], specifier: string): string {
  const single = `import { ${names.join(', ')} } from '${specifier}';`;
  if (single.length <= importLineWidth) return single;
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    const next = line === '' ? `  ${name},` : `${line} ${name},`;
    if (next.length > importLineWidth && line !== '') {
      lines.push(line);
      line = `  ${name},`;
    } else line = next;
  }
  lines.push(line);
  return `import {\n${lines.join('\n')}\n} from '${specifier}';`;
}
