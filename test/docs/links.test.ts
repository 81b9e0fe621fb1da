/**
 * Every relative link of the README and the docs pages points at a file that exists, and every `#anchor`
 * into a Markdown page at one of its headings (GitHub's slugs) or an explicit `<a id>`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function markdownFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(relative);
    return entry.name.endsWith('.md') ? [relative] : [];
  });
}

/** GitHub's heading anchors: lower case, punctuation dropped except - and _, spaces to -. */
function anchors(file: string): Set<string> {
  const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  const slugs = [...text.matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
    heading!.trim().toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'),
  );
  const ids = [...text.matchAll(/<a id="([^"]+)"/g)].map(([, id]) => id!);
  return new Set([...slugs, ...ids]);
}

const pages = ['README.md', ...markdownFiles('docs')];

describe('links in README.md and docs/', () => {
  it.each(pages)('%s', (page) => {
    const text = readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = file === '' ? page : path.join(path.dirname(page), file);
      if (!existsSync(path.join(ROOT, resolved))) broken.push(`${target} (no file ${resolved})`);
      else if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${resolved})`);
    }
    expect(broken).toEqual([]);
  });
});
