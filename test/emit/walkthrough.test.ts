/**
 * The spec-to-model-file walkthrough (docs/walkthrough.md) shows generated/seed.ts as committed, in full (its stamp
 * lines aside: they change with every compiler edit, and build --check holds them to the file).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withoutStamp } from '../../src/compiler/build/stamp.js';

describe('docs/walkthrough.md', () => {
  it('embeds generated/seed.ts byte for byte, stamp aside', () => {
    const page = readFileSync('docs/walkthrough.md', 'utf8');
    const shown = /<!-- model-file:seed:start -->\n```ts\n([\s\S]*?)```\n<!-- model-file:seed:end -->/.exec(page)?.[1];
    expect(shown, 'docs/walkthrough.md has no model-file:seed block').toBeDefined();
    expect(withoutStamp('seed.ts', shown!)).toBe(withoutStamp('seed.ts', readFileSync('generated/seed.ts', 'utf8')));
  });
});
