/**
 * Identifiers of a printed model file, collision-free by construction. The module scope knows every
 * name the file can see without declaring it (TypeScript's reserved words, JavaScript and Node
 * globals, every export of the runtime) and every declaration the printer makes; a function's scope
 * is a child that also knows its parameters and locals. Names derived from the spec (a layer `dense`
 * gives `denseForward`) are claimed, and a taken name gets the first free numeric suffix
 * (`denseForward2`), so a local can never shadow a runtime import or another declaration.
 */

/** Reserved words of TypeScript (strict mode and contextual ones a declaration cannot take). */
const reservedWords = `
  break case catch class const continue debugger default delete do else enum export extends false finally
  for function if import in instanceof new null return super switch this throw true try typeof var void
  while with implements interface let package private protected public static yield await async
  any boolean constructor declare get module require number set string symbol type from of never unknown
  object bigint readonly keyof infer is asserts abstract as namespace satisfies accessor override out
`;

/** Globals a generated file uses or a reader expects to mean what they always mean. */
const globalNames = `
  globalThis undefined NaN Infinity eval isFinite isNaN parseFloat parseInt Object Function Array Number
  Boolean String Symbol BigInt Math JSON Date RegExp Error TypeError RangeError SyntaxError ReferenceError
  Promise Map Set WeakMap WeakSet Proxy Reflect ArrayBuffer SharedArrayBuffer DataView Atomics
  Float32Array Float64Array Int8Array Int16Array Int32Array Uint8Array Uint16Array Uint32Array
  Uint8ClampedArray BigInt64Array BigUint64Array console process Buffer performance setTimeout
  clearTimeout setInterval clearInterval setImmediate queueMicrotask structuredClone URL TextEncoder
  TextDecoder AbortController fetch global module exports require __dirname __filename arguments
  Record Partial Readonly Pick Omit Exclude Extract NonNullable ReturnType Parameters Awaited PromiseLike
`;

/** What every model file's module scope holds before the printer declares anything. */
export function languageNames(): string[] {
  return `${reservedWords} ${globalNames}`.split(/\s+/).filter((name) => name !== '');
}

export class NameScope {
  private readonly taken = new Set<string>();

  constructor(
    private readonly parent: NameScope | null = null,
    names: Iterable<string> = [],
  ) {
    for (const name of names) this.taken.add(name);
  }

  /** A function's scope: sees everything this one holds. */
  child(): NameScope {
    return new NameScope(this);
  }

  has(name: string): boolean {
    return this.taken.has(name) || (this.parent?.has(name) ?? false);
  }

  /**
   * A fixed name the printer needs exactly (a function's `params`, the module's `initParams`): throws
   * when it is taken, since that is a bug in the printer, not in the spec.
   */
  reserve(name: string): string {
    if (this.has(name)) throw new Error(`internal: the printer declares '${name}' twice in one scope`);
    this.taken.add(name);
    return name;
  }

  /** `preferred`, or `preferred2`, `preferred3`, … : the first that nothing in scope holds. */
  claim(preferred: string): string {
    let name = preferred;
    for (let n = 2; this.has(name); n++) name = `${preferred}${n}`;
    this.taken.add(name);
    return name;
  }
}

/** dense_1 → dense1, conv_bn → convBn. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}
