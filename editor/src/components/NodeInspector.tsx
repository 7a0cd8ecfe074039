/** The inspector of the selected node: id, label, description, then its kind's own form. */
import { useEffect, useRef } from 'react';
import type { NodeKind, PolicyDocument, PolicyNode } from '../../../engine/model/policy-schema.js';
import { renameNode, replaceNode, type Command } from '../document/commands.js';
import { detectRenames, replaceNodeRenaming } from '../document/rename-references.js';
import type { DispatchResult } from '../document/session.js';
import { NODE_KIND_MODULES } from '../nodes/registry.js';
import type { NodeKindModule } from '../nodes/types.js';
import { useI18n } from '../i18n/i18n.js';
import { TextArea, TextField } from './form/fields.js';
import { LocalizedTextField } from './form/LocalizedTextField.js';
import { policyLanguageOf } from '../document/localized.js';

interface Props {
  doc: PolicyDocument;
  node: PolicyNode;
  readOnly: boolean;
  focusPath: string | null;
  dispatch(c: Command): DispatchResult;
  onRenamed(newId: string): void;
  onRefused(reason: string): void;
}

/** JSON clone without undefined members, so an emptied optional field disappears from the document. */
const cleanClone = <T,>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function NodeInspector({ doc, node, readOnly, focusPath, dispatch, onRenamed, onRefused }: Props) {
  const { t, lt } = useI18n();
  const index = doc.nodes.findIndex((n) => n.id === node.id);
  const path = `/nodes/${index}`;
  const mod = NODE_KIND_MODULES[node.kind] as NodeKindModule<NodeKind>;
  const Inspector = mod.Inspector;
  const root = useRef<HTMLDivElement>(null);

  const edit = (mutate: (draft: PolicyNode) => void, mergeKey?: string) => {
    const draft = cleanClone(node);
    mutate(draft);
    const after = cleanClone(draft);
    // Renaming a class, level, scenario or variable renames its references too, in the same step.
    const renames = detectRenames(node, after).filter((r) => r.from !== '' && r.to !== '');
    const result = dispatch(renames.length ? replaceNodeRenaming(after, mergeKey) : replaceNode(after, mergeKey));
    if (!result.ok) onRefused(result.reason);
  };

  // Focus the field a clicked problem points at (the deepest element whose data-path is a prefix).
  useEffect(() => {
    if (!focusPath || !root.current) return;
    const els = [...root.current.querySelectorAll<HTMLElement>('[data-path]')];
    let best: HTMLElement | null = null;
    let bestLen = -1;
    for (const el of els) {
      const p = el.dataset.path!;
      if ((focusPath === p || focusPath.startsWith(`${p}/`)) && p.length > bestLen) {
        best = el;
        bestLen = p.length;
      }
    }
    // no field at or above the path (e.g. a problem about a whole list): its first field below
    if (!best) best = els.find((el) => el.dataset.path!.startsWith(`${focusPath}/`)) ?? null;
    if (best) {
      best.scrollIntoView({ block: 'center' });
      const focusable = best.matches('input,select,textarea,button') ? best : best.querySelector<HTMLElement>('input,select,textarea,button');
      focusable?.focus();
      best.classList.add('flash');
      setTimeout(() => best?.classList.remove('flash'), 1200);
    }
  }, [focusPath, node.id]);

  return (
    <div className="node-inspector" ref={root}>
      <h2>
        <span className="card-glyph" aria-hidden="true">
          {mod.glyph}
        </span>{' '}
        {t(`kind.${node.kind}`)}: {lt(node.label) || node.id}
      </h2>
      <div className="field-row">
        <TextField
          label={t('inspector.nodeId')}
          mono
          value={node.id}
          path={`${path}/id`}
          disabled={readOnly}
          onChange={(v) => {
            if (!/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(v)) return onRefused('inspector.badId');
            const r = dispatch(renameNode(node.id, v));
            if (r.ok) onRenamed(v);
            else onRefused('inspector.idTaken');
          }}
        />
      </div>
      <LocalizedTextField label={t('common.label')} value={node.label} policyLanguage={policyLanguageOf(doc)} path={`${path}/label`} disabled={readOnly} onChange={(v, lang) => edit((d) => void (d.label = v), `label/${lang}`)} />
      <TextArea label={t('common.description')} value={node.description ?? ''} rows={2} path={`${path}/description`} disabled={readOnly} onChange={(v) => edit((d) => void (d.description = v || undefined), 'description')} />
      <Inspector node={node} doc={doc} path={path} readOnly={readOnly} edit={edit as (m: (d: PolicyNode) => void, k?: string) => void} />
    </div>
  );
}
