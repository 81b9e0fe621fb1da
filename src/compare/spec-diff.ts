/**
 * A unified diff of two spec texts (longest common subsequence over lines, 2 lines of context),
 * for showing what a `--vary` variant changes. Specs are short, so the quadratic table is fine.
 */
const context = 2;

type Line = { kind: ' ' | '-' | '+'; text: string; oldNo: number; newNo: number };

function diffLines(a: string[], b: string[]): Line[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const lines: Line[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) lines.push({ kind: ' ', text: a[i++], oldNo: i, newNo: ++j });
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) lines.push({ kind: '-', text: a[i++], oldNo: i, newNo: j });
    else lines.push({ kind: '+', text: b[j++], oldNo: i, newNo: j });
  }
  return lines;
}

/** `@@ -l,n +l,n @@` hunks; the empty string when the texts are equal. */
export function unifiedDiff(before: string, after: string, beforeName: string, afterName: string): string {
  const lines = diffLines(before.replace(/\n$/, '').split('\n'), after.replace(/\n$/, '').split('\n'));
  const changed = lines.map((l, index) => (l.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return '';
  const hunks: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(lines.length - 1, index + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = end;
    else hunks.push([start, end]);
  }
  const out = [`--- ${beforeName}`, `+++ ${afterName}`];
  for (const [start, end] of hunks) {
    const body = lines.slice(start, end + 1);
    const oldCount = body.filter((l) => l.kind !== '+').length;
    const newCount = body.filter((l) => l.kind !== '-').length;
    const oldStart = body.find((l) => l.kind !== '+')?.oldNo ?? lines[start].oldNo;
    const newStart = body.find((l) => l.kind !== '-')?.newNo ?? lines[start].newNo;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...body.map((l) => `${l.kind}${l.text}`));
  }
  return `${out.join('\n')}\n`;
}
