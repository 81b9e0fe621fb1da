/**
 * Tests that need an optional part of the machine (a Debian package, PyTorch, tfjs-node, neovim ...).
 *
 *   const torch = optionalPart('python3-torch', torchImports(), 'apt-get install python3-torch libopenblas0-pthread');
 *   torch.describe('the PyTorch target', () => { ... });   // or torch.it(...)
 *
 * Present: the tests run. Absent on a developer's machine: they are skipped, with the reason in the test's
 * name and a line in the run's output naming the test and why. Absent under CI=true: one failing test says
 * what is missing, so CI never skips silently (`.ci/run` installs every optional part).
 */
import { describe as vitestDescribe, it as vitestIt } from 'vitest';

export interface OptionalPart {
  readonly available: boolean;
  /** Why the tests do not run here, e.g. "dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)". */
  readonly reason: string;
  describe(name: string, body: () => void): void;
  it(name: string, body: () => unknown, timeout?: number): void;
}

export function inCi(): boolean {
  return process.env.CI === 'true' || process.env.CI === '1';
}

export function optionalPart(name: string, available: boolean, install: string): OptionalPart {
  const reason = `${name} is not installed (${install})`;
  const absent = (testName: string): void => {
    if (inCi()) {
      vitestIt(`${testName} [needs ${name}]`, () => {
        throw new Error(`CI=true and ${reason}: .ci/run must install it; this test is never skipped in CI`);
      });
      return;
    }
    process.stderr.write(`mlpc tests: skipped "${testName}": ${reason}\n`);
  };
  return {
    available,
    reason,
    describe(testName, body) {
      if (available) return vitestDescribe(testName, body);
      absent(testName);
      if (!inCi()) vitestDescribe.skip(`${testName} [skipped: ${reason}]`, body);
    },
    it(testName, body, timeout) {
      if (available) return vitestIt(testName, body, timeout);
      absent(testName);
      if (!inCi()) vitestIt.skip(`${testName} [skipped: ${reason}]`, body);
    },
  };
}
