/**
 * The shipped targets, in the order a build emits them. This file is the only one that imports a target's
 * folder (test/architecture checks it): adding a target is its folder under src/targets/ and one line here.
 */
import { TargetRegistry } from '../compiler/build/target-registry.js';
import { pytorchTarget } from './pytorch/index.js';
import { typescriptTarget } from './typescript/index.js';

export const targetRegistry = new TargetRegistry(
  [
    typescriptTarget,
    pytorchTarget,
  ],
  // Without `--target` or a config's `targets:`, a build writes TypeScript only.
  ['typescript'],
);
