/**
 * A builder for json-rules-engine conditions: all / any groups, not, shared conditions and leaves
 * {fact, operator, value}, with a fact picker (declared inputs + upstream variables) and a value
 * input shaped by the fact's type.
 */
import { useId, useMemo } from 'react';
import { OPERATORS, type Condition, type PolicyDocument } from '../../../engine/model/policy-schema.js';
import { availableNames, type AvailableName } from '../document/names.js';
import { useI18n } from '../i18n/i18n.js';

type Operator = (typeof OPERATORS)[number];
type Leaf = Extract<Condition, { fact: string }>;
type Scalar = string | number | boolean | null;

interface Props {
  doc: PolicyDocument;
  nodeId: string;
  value: Condition;
  onChange(next: Condition, mergeKey: string): void;
  path: string;
  readOnly?: boolean;
}

export function ConditionBuilder(props: Props) {
  const { lt } = useI18n();
  const names = useMemo(() => availableNames(props.doc, props.nodeId, lt), [props.doc, props.nodeId, lt]);
  return (
    <div className="condition-builder">
      <ConditionEditor {...props} names={names} depth={0} />
    </div>
  );
}

const isGroup = (c: Condition): c is Extract<Condition, { all: unknown }> | Extract<Condition, { any: unknown }> => 'all' in c || 'any' in c;

function ConditionEditor(props: Props & { names: AvailableName[]; depth: number; onRemove?: () => void }) {
  const { t, lt, lw } = useI18n();
  const { value, onChange, path, readOnly } = props;

  if (isGroup(value)) {
    const mode = 'all' in value ? 'all' : 'any';
    const children = ('all' in value ? value.all : value.any) as Condition[];
    const setChildren = (next: Condition[], key: string) => onChange(mode === 'all' ? { ...value, all: next } as Condition : { ...value, any: next } as Condition, key);
    return (
      <fieldset className={`cond-group depth-${props.depth % 3}`}>
        <legend>
          <select
            aria-label={t('cond.groupMode')}
            value={mode}
            disabled={readOnly}
            data-path={path}
            onChange={(e) => {
              const { all: _a, any: _b, ...rest } = value as { all?: Condition[]; any?: Condition[] };
              onChange(e.target.value === 'all' ? ({ ...rest, all: children } as Condition) : ({ ...rest, any: children } as Condition), `${path}/mode`);
            }}
          >
            <option value="all">{t('cond.all')}</option>
            <option value="any">{t('cond.any')}</option>
          </select>
          {props.onRemove && !readOnly ? (
            <button type="button" className="icon-btn danger" aria-label={t('cond.removeGroup')} title={t('cond.removeGroup')} onClick={props.onRemove}>
              ×
            </button>
          ) : null}
        </legend>
        {children.length === 0 ? <p className="muted small">{mode === 'all' ? t('cond.emptyAll') : t('cond.emptyAny')}</p> : null}
        {children.map((child, i) => (
          <ConditionEditor
            key={i}
            {...props}
            value={child}
            depth={props.depth + 1}
            path={`${path}/${mode}/${i}`}
            onChange={(c, key) => setChildren(children.map((x, j) => (j === i ? c : x)), key)}
            onRemove={() => setChildren(children.filter((_, j) => j !== i), `${path}/remove`)}
          />
        ))}
        {!readOnly ? (
          <div className="cond-add">
            <button type="button" onClick={() => setChildren([...children, newLeaf(props.names)], `${path}/add`)}>
              + {t('cond.addCondition')}
            </button>
            <button type="button" onClick={() => setChildren([...children, { all: [] }], `${path}/add`)}>
              + {t('cond.addGroup')}
            </button>
            <button type="button" onClick={() => setChildren([...children, { not: newLeaf(props.names) }], `${path}/add`)}>
              + {t('cond.addNot')}
            </button>
            {props.doc.conditions && Object.keys(props.doc.conditions).length > 0 ? (
              <button type="button" onClick={() => setChildren([...children, { condition: Object.keys(props.doc.conditions!)[0]! }], `${path}/add`)}>
                + {t('cond.addShared')}
              </button>
            ) : null}
          </div>
        ) : null}
      </fieldset>
    );
  }

  if ('not' in value) {
    return (
      <div className="cond-not">
        <span className="cond-not-label">{t('cond.not')}</span>
        <ConditionEditor {...props} value={value.not} depth={props.depth + 1} path={`${path}/not`} onChange={(c, key) => onChange({ ...value, not: c }, key)} onRemove={props.onRemove} />
      </div>
    );
  }

  if ('condition' in value) {
    const shared = Object.keys(props.doc.conditions ?? {});
    return (
      <div className="cond-leaf">
        <select aria-label={t('cond.shared')} value={value.condition} disabled={readOnly} data-path={`${path}/condition`} onChange={(e) => onChange({ condition: e.target.value }, `${path}/condition`)}>
          {[...new Set([value.condition, ...shared])].map((s) => (
            <option key={s} value={s}>
              {t('cond.shared')}: {s}
            </option>
          ))}
        </select>
        {props.onRemove && !readOnly ? (
          <button type="button" className="icon-btn danger" aria-label={t('cond.remove')} title={t('cond.remove')} onClick={props.onRemove}>
            ×
          </button>
        ) : null}
      </div>
    );
  }

  return <LeafEditor {...props} value={value} />;
}

/** A value of the fact's type to start with (the first choice of a list). */
function defaultValue(info: AvailableName | undefined): Scalar {
  const t = info?.type;
  return t === 'boolean' ? true : t === 'number' || t === 'integer' ? 0 : t === 'enum' ? info?.values?.[0]?.value ?? '' : '';
}

function newLeaf(names: AvailableName[]): Leaf {
  const first = names[0];
  return { fact: first?.name ?? 'fact', operator: 'equal', value: defaultValue(first) };
}

function LeafEditor(props: Props & { value: Leaf; names: AvailableName[]; onRemove?: () => void }) {
  const { t, lt, lw } = useI18n();
  const { value, onChange, path, readOnly } = props;
  const listId = useId();
  const info = props.names.find((n) => n.name === value.fact);
  const type = info?.type ?? 'string';
  const isList = value.operator === 'in' || value.operator === 'notIn';
  const isFactRef = value.value !== null && typeof value.value === 'object' && !Array.isArray(value.value);

  const setValue = (v: Leaf['value']) => onChange({ ...value, value: v }, `${path}/value`);

  const parseScalar = (raw: string): Scalar => {
    if (type === 'number' || type === 'integer') {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
    }
    if (type === 'boolean') return raw === 'true';
    return raw;
  };

  let valueInput;
  if (isFactRef) {
    valueInput = (
      <input
        aria-label={t('cond.valueFact')}
        className="mono"
        list={listId}
        value={(value.value as { fact: string }).fact}
        disabled={readOnly}
        data-path={`${path}/value`}
        onChange={(e) => setValue({ fact: e.target.value })}
      />
    );
  } else if (isList && type === 'enum' && info?.values) {
    // several values of a closed list: one checkbox per value
    const list = new Set((Array.isArray(value.value) ? value.value : []).map(String));
    valueInput = (
      <span className="cond-checks" role="group" aria-label={t('cond.valueList')} data-path={`${path}/value`}>
        {info.values.map((o) => (
          <label key={o.value} className="cond-check">
            <input
              type="checkbox"
              checked={list.has(o.value)}
              disabled={readOnly}
              onChange={(e) => setValue(info.values!.map((x) => x.value).filter((v) => (v === o.value ? e.target.checked : list.has(v))))}
            />
            {o.label}
          </label>
        ))}
      </span>
    );
  } else if (isList) {
    const list = Array.isArray(value.value) ? value.value : [];
    valueInput = (
      <input
        aria-label={t('cond.valueList')}
        value={list.join(', ')}
        disabled={readOnly}
        data-path={`${path}/value`}
        onChange={(e) =>
          setValue(
            e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
              .map(parseScalar),
          )
        }
      />
    );
  } else if (type === 'boolean') {
    valueInput = (
      <select aria-label={t('cond.value')} value={String(value.value)} disabled={readOnly} data-path={`${path}/value`} onChange={(e) => setValue(e.target.value === 'true')}>
        <option value="true">{t('common.yes')}</option>
        <option value="false">{t('common.no')}</option>
      </select>
    );
  } else if (type === 'enum' && info?.values) {
    const known = info.values.some((o) => o.value === String(value.value ?? ''));
    valueInput = (
      <select aria-label={t('cond.value')} value={String(value.value ?? '')} disabled={readOnly} data-path={`${path}/value`} onChange={(e) => setValue(e.target.value)}>
        {!known ? <option value={String(value.value ?? '')}>{String(value.value ?? '') || '—'}</option> : null}
        {info.values.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    valueInput = (
      <input
        aria-label={t('cond.value')}
        type={type === 'number' || type === 'integer' ? 'number' : 'text'}
        value={value.value === null || value.value === undefined ? '' : String(value.value)}
        disabled={readOnly}
        data-path={`${path}/value`}
        onChange={(e) => setValue(parseScalar(e.target.value))}
      />
    );
  }

  return (
    <div className="cond-leaf">
      <select
        aria-label={t('cond.fact')}
        className="cond-fact"
        value={value.fact}
        disabled={readOnly}
        data-path={`${path}/fact`}
        onChange={(e) => {
          const next = props.names.find((n) => n.name === e.target.value);
          // a fact of another type gets a value of its type (a class, a number…)
          const keep = next && info && next.type === info.type && JSON.stringify(next.values) === JSON.stringify(info.values);
          onChange({ ...value, fact: e.target.value, value: keep || isFactRef ? value.value : isList ? [] : defaultValue(next) }, `${path}/fact`);
        }}
      >
        {!info ? <option value={value.fact}>{value.fact}</option> : null}
        {props.names.map((n) => (
          <option key={`${n.source}:${n.name}`} value={n.name} title={n.name}>
            {n.label === n.name ? n.name : `${n.label} (${n.name})`}
          </option>
        ))}
      </select>
      <datalist id={listId}>
        {props.names.map((n) => (
          <option key={`${n.source}:${n.name}`} value={n.name}>
            {n.label}
          </option>
        ))}
      </datalist>
      <select
        aria-label={t('cond.operator')}
        value={value.operator}
        disabled={readOnly}
        data-path={`${path}/operator`}
        onChange={(e) => {
          const op = e.target.value as Operator;
          const toList = op === 'in' || op === 'notIn';
          let v = value.value;
          if (toList && !Array.isArray(v)) v = v === null || typeof v === 'object' ? [] : [v];
          if (!toList && Array.isArray(v)) v = v[0] ?? '';
          onChange({ ...value, operator: op, value: v }, `${path}/operator`);
        }}
      >
        {OPERATORS.map((op) => (
          <option key={op} value={op}>
            {t(`op.${op}`)}
          </option>
        ))}
      </select>
      {valueInput}
      {!readOnly && !isList ? (
        <button
          type="button"
          className="icon-btn"
          aria-pressed={isFactRef}
          aria-label={t('cond.compareToFact')}
          title={t('cond.compareToFact')}
          onClick={() => setValue(isFactRef ? (type === 'number' || type === 'integer' ? 0 : '') : { fact: props.names[0]?.name ?? value.fact })}
        >
          ƒ
        </button>
      ) : null}
      {props.onRemove && !readOnly ? (
        <button type="button" className="icon-btn danger" aria-label={t('cond.remove')} title={t('cond.remove')} onClick={props.onRemove}>
          ×
        </button>
      ) : null}
    </div>
  );
}
