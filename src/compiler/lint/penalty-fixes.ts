/**
 * The fix shared by no-bias-regularization and no-norm-regularization: make a regularization or
 * constraint entry apply to kernels only. Both rules build the same edit so that applying one
 * makes the other's finding (on the same entry) disappear instead of fighting over the text.
 */
import { isSeq } from 'yaml';
import type { Fix, TextEdit } from '../diagnostics/diagnostic.js';
import type { ModelIR, Origin, ParameterIR } from '../ir/types.js';
import type { SpecSource } from '../spec/yaml-source.js';
import { originKey } from './origins.js';
import { removeItem, replaceNode } from './yaml-edits.js';

/** Every parameter a regularizer or constraint from `origin` applies to. */
export function targetsOf(ir: ModelIR, origin: Origin): ParameterIR[] {
  const key = originKey(origin);
  return ir.parameters.filter(
    (param) => param.regularizers.some((r) => originKey(r.origin) === key) || param.constraints.some((c) => originKey(c.origin) === key),
  );
}

export function kernelsOnlyFix(ir: ModelIR, source: SpecSource, origin: Origin): Fix | undefined {
  if (origin.kind === 'shorthand') {
    if (origin.field !== 'bias_regularizer') return undefined;
    const edit = removeItem(source, origin.ref.path);
    return edit && { description: `Remove ${origin.layer}'s bias_regularizer`, edits: [edit], safe: true };
  }
  const kernels = targetsOf(ir, origin).filter((param) => param.param === 'kernel');
  if (kernels.length === 0) {
    const section = source.doc.getIn([origin.section], true);
    const onlyEntry = isSeq(section) && section.items.length === 1;
    const edit: TextEdit | undefined = onlyEntry ? removeItem(source, [origin.section]) : removeItem(source, origin.ref.path);
    return edit && { description: `Remove ${origin.section} rule ${origin.ruleIndex + 1}`, edits: [edit], safe: true };
  }
  const allKernels = ir.parameters.filter((param) => param.param === 'kernel' && param.trainable);
  const selector =
    kernels.length === allKernels.length
      ? '"*.kernel"'
      : kernels.length === 1
        ? `"${kernels[0]!.id}"`
        : `[${kernels.map((param) => `"${param.id}"`).join(', ')}]`;
  const edit = replaceNode(source, [...origin.ref.path, 'params'], selector);
  return edit && { description: `Narrow params to ${selector}`, edits: [edit], safe: true };
}
