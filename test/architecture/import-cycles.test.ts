import { describe, expect, it } from 'vitest';
import { importCycles } from './import-cycles.js';
import { importSpecifiers } from './import-graph.js';
import { sourceTree } from './import-graph.js';


describe('no import cycles under src/', () => {
  it('the source tree has none (type-only imports count)', () => {
    const tree = sourceTree();
    expect(tree.size).toBeGreaterThan(100);
    expect(importCycles(tree)).toEqual([]);
  });

  it('fails on planted cycles: a re-export back, a type-only circle of three, a file importing itself', () => {
    const tree = sourceTree();
    tree.set('src/compiler/emit/planted-types.ts', "export { planned } from './planted-helper.js';\nexport interface Plan { n: number }\n");
    tree.set('src/compiler/emit/planted-helper.ts', "import type { Plan } from './planted-types.js';\nexport const planned = (plan: Plan) => plan.n;\n");
    tree.set('src/runtime/planted-a.ts', "import type { B } from './planted-b.js';\n");
    tree.set('src/runtime/planted-b.ts', "import type { C } from './layers/planted-c.js';\n");
    tree.set('src/runtime/layers/planted-c.ts', "import type { A } from '../planted-a.js';\n");
    tree.set('src/lsp/planted-self.ts', "import { x } from './planted-self.js';\n");
    expect(importCycles(tree)).toEqual(
      expect.arrayContaining([
        ['src/compiler/emit/planted-helper.ts', 'src/compiler/emit/planted-types.ts'],
        ['src/runtime/layers/planted-c.ts', 'src/runtime/planted-a.ts', 'src/runtime/planted-b.ts'],
        ['src/lsp/planted-self.ts'],
      ]),
    );
    expect(importCycles(tree)).toHaveLength(3);
  });

  it('keeps runtime/shared/ import-free: the compiler imports it, so it may not reach TensorFlow.js or node:*', () => {
    const shared = [...sourceTree()].filter(([file]) => file.startsWith('src/runtime/shared/'));
    expect(shared.length).toBeGreaterThan(1);
    expect(shared.filter(([, text]) => importSpecifiers(text).length > 0).map(([file]) => file)).toEqual([]);
  });
});
