/** Pieces several inspectors share: name pickers, expression fields, reasons, outcomes. */
import { useEffect, useId, useMemo, useSyncExternalStore } from 'react';
import type { Language, OutcomeValue, PolicyDocument, Reason } from '../../../engine/model/policy-schema.js';
import { LocalizedTextField } from '../components/form/LocalizedTextField.js';
import { availableNames } from '../document/names.js';
import { useI18n } from '../i18n/i18n.js';
import { engineStore, startLoadingEngine } from '../engine/use-engine.js';
import { SelectField, TextField } from '../components/form/fields.js';

/** Fresh name not used as an input or produced name in the document. */
export function freshName(doc: PolicyDocument, base: string): string {
  const used = new Set<string>(doc.inputs.map((i) => i.name));
  for (const n of doc.nodes) {
    if (n.kind === 'formula') n.config.variables.forEach((v) => used.add(v.name));
    if (n.kind === 'scorecard') used.add(n.config.output ?? 'score');
    if (n.kind === 'riskClass') used.add(n.config.output ?? 'riskClass');
    if (n.kind === 'rules') n.config.rules.forEach((r) => r.actions.forEach((a) => a.type === 'set' && used.add(a.variable)));
  }
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** A name input offering the declared inputs and upstream variables (free text allowed; validation checks it). */
export function NameField(props: { doc: PolicyDocument; nodeId: string; label: string; value: string; onChange(v: string): void; path?: string; readOnly?: boolean; hideLabel?: boolean }) {
  const listId = useId();
  const inputId = useId();
  const { lt } = useI18n();
  const names = useMemo(() => availableNames(props.doc, props.nodeId, lt), [props.doc, props.nodeId, lt]);
  return (
    <div className="field">
      <label htmlFor={inputId} className={props.hideLabel ? 'sr-only' : undefined}>
        {props.label}
      </label>
      <input id={inputId} list={listId} className="mono" value={props.value} disabled={props.readOnly} data-path={props.path} onChange={(e) => props.onChange(e.target.value)} />
      <datalist id={listId}>
        {names.map((n) => (
          <option key={`${n.source}:${n.name}`} value={n.name}>
            {n.source === 'input' ? lt(n.input?.label) || n.name : `${n.name} ← ${n.nodeId}`}
          </option>
        ))}
      </datalist>
    </div>
  );
}

/** An expression with its parse error shown live, at its position. */
export function ExpressionField(props: { label: string; value: string; onChange(v: string): void; path?: string; readOnly?: boolean; hideLabel?: boolean; optional?: boolean }) {
  const { t } = useI18n();
  const engine = useSyncExternalStore(engineStore.subscribe, engineStore.get);
  // The engine's chunk is fetched when a first expression is shown, not with the graph.
  useEffect(() => {
    if (!engine) void startLoadingEngine();
  }, [engine]);
  const error = useMemo(() => {
    if (!engine) return null;
    if (props.value.trim() === '') return props.optional ? null : { message: t('expr.empty'), position: 0 };
    try {
      engine.parseExpression(props.value);
      return null;
    } catch (err) {
      const e = err as { message?: string; position?: number; index?: number };
      return { message: e.message ?? String(err), position: e.position ?? e.index ?? null };
    }
  }, [engine, props.value, props.optional, t]);
  const id = useId();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id} className={props.hideLabel ? 'sr-only' : undefined}>
        {props.label}
      </label>
      <input
        id={id}
        className="mono"
        value={props.value}
        disabled={props.readOnly}
        data-path={props.path}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error.position !== null && error.position !== undefined ? (
            <code className="expr-pointer" aria-hidden="true">
              {props.value}
              {'\n'}
              {' '.repeat(Math.max(0, Math.min(error.position, props.value.length)))}^
            </code>
          ) : null}
          <span>
            {error.position !== null && error.position !== undefined ? t('expr.errorAt', { position: error.position + 1 }) : ''} {error.message}
          </span>
        </div>
      ) : null}
    </div>
  );
}

export function OutcomeSelect(props: { label: string; value: OutcomeValue; onChange(v: OutcomeValue): void; path?: string; readOnly?: boolean; hideLabel?: boolean }) {
  const { t } = useI18n();
  return (
    <SelectField<OutcomeValue>
      label={props.label}
      hideLabel={props.hideLabel}
      value={props.value}
      path={props.path}
      disabled={props.readOnly}
      onChange={props.onChange}
      options={(['accept', 'refuse', 'escalate'] as const).map((o) => ({ value: o, label: t(`outcome.${o}`) }))}
    />
  );
}

export function ReasonFields(props: { value: Reason; onChange(r: Reason, mergeKey: string): void; path: string; readOnly?: boolean; policyLanguage: Language }) {
  const { t } = useI18n();
  return (
    <div className="field-row reason-fields">
      <TextField
        label={t('reason.code')}
        mono
        className="reason-code"
        value={props.value.code}
        path={`${props.path}/code`}
        disabled={props.readOnly}
        onChange={(code) => props.onChange({ ...props.value, code: code.toUpperCase() }, `${props.path}/code`)}
      />
      <LocalizedTextField
        label={t('reason.message')}
        className="grow"
        required
        value={props.value.message}
        policyLanguage={props.policyLanguage}
        path={`${props.path}/message`}
        disabled={props.readOnly}
        onChange={(message, lang) => props.onChange({ ...props.value, message: message ?? '' }, `${props.path}/message/${lang}`)}
      />
    </div>
  );
}

/** The risk classes declared by the policy's riskClass node (for class tables and pickers). */
export function policyClasses(doc: PolicyDocument): string[] {
  const rc = doc.nodes.find((n) => n.kind === 'riskClass');
  return rc && rc.kind === 'riskClass' ? rc.config.classes.map((c) => c.id) : [];
}

export function fmtAmount(n: number | null | undefined): string {
  if (n === null || n === undefined) return '∞';
  if (Math.abs(n) >= 1_000_000) return `${+(n / 1_000_000).toFixed(1)}M`;
  if (Math.abs(n) >= 1000) return `${+(n / 1000).toFixed(1)}k`;
  return String(n);
}
