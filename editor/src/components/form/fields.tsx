/** Labelled form fields. Every field can carry `path` (a JSON pointer into the document) so a problem can focus it. */
import { useId, useState, useEffect, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  /** Label visually hidden (tables): still read by screen readers. */
  hideLabel?: boolean;
  path?: string;
  error?: string | null;
  hint?: ReactNode;
  disabled?: boolean;
  className?: string;
}

function Field({ id, label, hideLabel, error, hint, children, className }: BaseProps & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'sr-only' : undefined}>
        {label}
      </label>
      {children}
      {error ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
      {hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function TextField(props: BaseProps & { value: string; onChange(v: string): void; placeholder?: string; mono?: boolean }) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <input
        id={id}
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        disabled={props.disabled}
        data-path={props.path}
        className={props.mono ? 'mono' : undefined}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function TextArea(props: BaseProps & { value: string; onChange(v: string): void; rows?: number }) {
  const id = useId();
  return (
    <Field {...props} id={id}>
      <textarea id={id} rows={props.rows ?? 3} value={props.value} disabled={props.disabled} data-path={props.path} onChange={(e) => props.onChange(e.target.value)} />
    </Field>
  );
}

/**
 * A number field that keeps what is typed ("0.", "-") while it is not a number yet, and reports
 * numbers (or null when emptied and `nullable`).
 */
export function NumberField(
  props: BaseProps & { value: number | null | undefined; onChange(v: number | null): void; nullable?: boolean; step?: number; min?: number; max?: number; placeholder?: string },
) {
  const id = useId();
  const [text, setText] = useState(props.value === null || props.value === undefined ? '' : String(props.value));
  useEffect(() => {
    const shown = text.trim() === '' ? null : Number(text);
    if (shown !== (props.value ?? null)) setText(props.value === null || props.value === undefined ? '' : String(props.value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value]);
  return (
    <Field {...props} id={id}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={text}
        step={props.step ?? 'any'}
        min={props.min}
        max={props.max}
        placeholder={props.placeholder}
        disabled={props.disabled}
        data-path={props.path}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          setText(raw);
          if (raw.trim() === '') {
            if (props.nullable) props.onChange(null);
            return;
          }
          const n = Number(raw);
          if (Number.isFinite(n)) props.onChange(n);
        }}
      />
    </Field>
  );
}

export function SelectField<V extends string>(
  props: BaseProps & { value: V | ''; options: { value: V; label: string }[]; onChange(v: V): void; emptyLabel?: string },
) {
  const id = useId();
  const known = props.options.some((o) => o.value === props.value);
  return (
    <Field {...props} id={id}>
      <select id={id} value={props.value} disabled={props.disabled} data-path={props.path} onChange={(e) => props.onChange(e.target.value as V)}>
        {props.emptyLabel !== undefined || props.value === '' ? <option value="">{props.emptyLabel ?? '—'}</option> : null}
        {!known && props.value !== '' ? <option value={props.value}>{props.value}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function CheckboxField(props: BaseProps & { checked: boolean; onChange(v: boolean): void }) {
  const id = useId();
  return (
    <div className="field field-checkbox">
      <input id={id} type="checkbox" checked={props.checked} disabled={props.disabled} data-path={props.path} onChange={(e) => props.onChange(e.target.checked)} />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** Move up / move down / remove buttons for a row of a list. */
export function RowActions(props: {
  index: number;
  count: number;
  onMove(from: number, to: number): void;
  onRemove(): void;
  labels: { up: string; down: string; remove: string };
  disabled?: boolean;
  minCount?: number;
}) {
  const { index, count } = props;
  return (
    <span className="row-actions">
      <button type="button" className="icon-btn" aria-label={props.labels.up} title={props.labels.up} disabled={props.disabled || index === 0} onClick={() => props.onMove(index, index - 1)}>
        ↑
      </button>
      <button type="button" className="icon-btn" aria-label={props.labels.down} title={props.labels.down} disabled={props.disabled || index === count - 1} onClick={() => props.onMove(index, index + 1)}>
        ↓
      </button>
      <button
        type="button"
        className="icon-btn danger"
        aria-label={props.labels.remove}
        title={props.labels.remove}
        disabled={props.disabled || count <= (props.minCount ?? 0)}
        onClick={props.onRemove}
      >
        ×
      </button>
    </span>
  );
}

export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}
