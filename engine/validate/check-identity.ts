/** Ids unique within their list, and one producer per name (the namespace is shared). */
import type { PolicyNode } from '../model/policy-schema.js';
import { producedNames } from '../model/names.js';
import { specOf } from '../kinds/index.js';
import { pointer } from './json-pointer.js';
import type { PolicyContext } from './policy-context.js';
import { says, type ItemNoun } from '../i18n/diagnostic-messages.js';

function reportDuplicates(ctx: PolicyContext, items: readonly { id: string }[], path: (i: number) => string, what: ItemNoun): void {
  const firstAt = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = firstAt.get(item.id);
    if (earlier === undefined) firstAt.set(item.id, i);
    else ctx.out.report('DUPLICATE_ID', path(i), says('duplicateId', { id: item.id, what, position: earlier + 1 }));
  });
}

export function checkDuplicateIds(ctx: PolicyContext): void {
  const { doc } = ctx;
  reportDuplicates(ctx, doc.nodes, (i) => pointer('nodes', i, 'id'), 'node');
  reportDuplicates(ctx, doc.tests, (i) => pointer('tests', i, 'id'), 'test');
  doc.nodes.forEach((node, n) => {
    const at = (list: string) => (i: number) => pointer('nodes', n, 'config', list, i, 'id');
    for (const { list, items, what } of specOf(node).identifiedLists(node)) reportDuplicates(ctx, items, at(list), what);
  });
}

/** Where in a node the definition of one of its output names sits. */
function definitionPath(node: PolicyNode, n: number, name: string): string {
  const at = specOf(node).definitionOf(node, name);
  return at === null ? pointer('nodes', n) : pointer('nodes', n, 'config', ...at);
}

export function checkDuplicateNames(ctx: PolicyContext): void {
  const { doc, out } = ctx;
  const seenInputs = new Set<string>();
  doc.inputs.forEach((input, i) => {
    if (seenInputs.has(input.name)) out.report('DUPLICATE_NAME', pointer('inputs', i, 'name'), says('inputTwice', { name: input.name }));
    seenInputs.add(input.name);
  });

  const producedBy = new Map<string, number>();
  doc.nodes.forEach((node, n) => {
    if (node.kind === 'formula') {
      const own = new Set<string>();
      node.config.variables.forEach((v, k) => {
        if (own.has(v.name)) out.report('DUPLICATE_NAME', pointer('nodes', n, 'config', 'variables', k, 'name'), says('variableTwice', { name: v.name }));
        own.add(v.name);
      });
    }
    for (const name of producedNames(node)) {
      const path = definitionPath(node, n, name);
      if (ctx.inputs.has(name)) out.report('DUPLICATE_NAME', path, says('producesInput', { name }));
      else if (producedBy.has(name)) {
        const other = producedBy.get(name)!;
        if (other !== n) out.report('DUPLICATE_NAME', path, says('producesOther', { name, node: doc.nodes[other]!.id }));
      } else producedBy.set(name, n);
    }
  });

  // Class parameters become names inside capacity expressions: they must not hide a fact or variable.
  const limit = ctx.first('creditLimit');
  if (limit?.node.config.classParameters) {
    const shadowing = new Set<string>();
    for (const params of Object.values(limit.node.config.classParameters))
      for (const name of Object.keys(params)) if (ctx.inputs.has(name) || ctx.producers.has(name)) shadowing.add(name);
    for (const name of shadowing) {
      out.report('DUPLICATE_NAME', pointer('nodes', limit.index, 'config', 'classParameters'), says('classParameterClash', { name }));
    }
  }
}
