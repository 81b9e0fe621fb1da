/** The README's spec-to-model-file walkthrough shows generated/seed.ts as committed, in full. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('README walkthrough', () => {
  it('embeds generated/seed.ts byte for byte', () => {
    const readme = readFileSync('README.md', 'utf8');
    const shown = /<!-- model-file:seed:start -->\n```ts\n([\s\S]*?)```\n<!-- model-file:seed:end -->/.exec(readme)?.[1];
    expect(shown, 'README.md has no model-file:seed block').toBeDefined();
    expect(shown).toBe(readFileSync('generated/seed.ts', 'utf8'));
  });
});
