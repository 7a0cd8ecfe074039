/** Buttons adding a node of each kind (its defaults) in view; kinds allowed once are disabled when present. */
import { NODE_KINDS, type NodeKind, type PolicyDocument } from '../../../engine/model/policy-schema.js';
import { NODE_KIND_MODULES, SINGLETON_KINDS } from '../nodes/registry.js';
import { useI18n } from '../i18n/i18n.js';

export function Palette({ doc, onAdd, disabled }: { doc: PolicyDocument; onAdd(kind: NodeKind): void; disabled: boolean }) {
  const { t } = useI18n();
  const present = new Set(doc.nodes.map((n) => n.kind));
  return (
    <nav className="palette" aria-label={t('palette.title')}>
      <h3>{t('palette.title')}</h3>
      {NODE_KINDS.map((kind) => {
        const once = SINGLETON_KINDS.has(kind) && present.has(kind);
        return (
          <button
            key={kind}
            type="button"
            className={`palette-item kind-${kind}`}
            disabled={disabled || once}
            title={once ? t('palette.onlyOne') : t(`kindHelp.${kind}`)}
            onClick={() => onAdd(kind)}
          >
            <span className="card-glyph" aria-hidden="true">
              {NODE_KIND_MODULES[kind].glyph}
            </span>
            {t(`kind.${kind}`)}
          </button>
        );
      })}
    </nav>
  );
}
