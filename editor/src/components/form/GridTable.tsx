/**
 * The table editor the inspectors share (delegation levels, risk classes, score bands, class
 * parameters, dunning steps): one row per item, typed cells (text, number, choice), keyboard
 * navigation like a spreadsheet (arrows, Enter), a block of cells pasted from a spreadsheet fills
 * the cells from the focused one (adding rows as needed) as one undoable edit, numbers shown whole
 * with the language's thousands separators, row move/remove and an "add" button.
 */
import { useId, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { RowActions, moveItem } from './fields.js';
import { formatGrouped, parseLocaleNumber, type NumberLocale } from './locale-number.js';

export type CellValue = string | number | null;

export interface GridColumn<Row> {
  /** Also the last segment of the cell's data-path (a JSON pointer into the row). */
  key: string;
  header: string;
  kind: 'text' | 'number' | 'select';
  get(row: Row, index: number): CellValue | undefined;
  /** Writes into a copy of the row (the table hands over a draft). */
  set(row: Row, value: CellValue): void;
  /** The cell's accessible name, e.g. "Maximum amount of Credit analyst". */
  label(row: Row, index: number): string;
  nullable?: boolean;
  /** Shown in an empty cell: a text, or one per row (the other language's version of a label). */
  placeholder?: string | ((row: Row, index: number) => string);
  mono?: boolean;
  /** Language of the cell's text (a label's English or French version). */
  lang?: string;
  /** An empty cell that should not be (a missing translation): marked, with `missingTitle` as its tooltip. */
  missing?(row: Row, index: number): boolean;
  missingTitle?: string;
  options?: { value: string; label: string }[];
  /** Whole numbers only (days). */
  integer?: boolean;
  /** CSS width of the column (e.g. '8em'). */
  width?: string;
  readOnly?: boolean | ((row: Row, index: number) => boolean);
}

export interface GridTableProps<Row> {
  caption: string;
  rows: Row[];
  columns: GridColumn<Row>[];
  /** JSON pointer of row i (for problems to focus a cell). */
  rowPath(index: number): string;
  readOnly: boolean;
  /** Applies a change to a copy of the rows as one command; `mergeKey` groups keystrokes of one cell. */
  editRows(mutate: (rows: Row[]) => void, mergeKey?: string): void;
  /** A new row (for "add" and for pasted lines beyond the last row). */
  newRow?(rows: Row[]): Row;
  /** Where a new row goes (default: the end). */
  insertAt?(rows: Row[]): number;
  addLabel?: string;
  minRows?: number;
  /** Rows have no order of their own (class parameters): no move buttons, no add/remove. */
  fixedRows?: boolean;
  /** A header cell per row (e.g. the class of a class-parameter row). */
  rowHeader?(row: Row, index: number): ReactNode;
  rowHeaderTitle?: string;
  /** Extra cells after the last column (e.g. a live contribution). */
  extra?: { header: string; cell(row: Row, index: number): ReactNode };
  testId?: string;
}

const CELL = 'data-grid-cell';

export function GridTable<Row>(props: GridTableProps<Row>) {
  const { t, locale } = useI18n();
  const tableId = useId();
  const { rows, columns, readOnly } = props;
  const rowLabels = { up: t('common.moveUp'), down: t('common.moveDown'), remove: t('common.remove') };

  const focusCell = (table: HTMLElement, r: number, c: number) => {
    const el = table.querySelector<HTMLElement>(`[${CELL}="${r}:${c}"]`);
    if (el) {
      el.focus();
      if (el instanceof HTMLInputElement) el.select();
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableElement>) => {
    const target = e.target as HTMLElement;
    const at = target.getAttribute(CELL);
    if (!at) return;
    const [r, c] = at.split(':').map(Number) as [number, number];
    const input = target instanceof HTMLInputElement ? target : null;
    const atStart = !input || (input.selectionStart === 0 && input.selectionEnd === 0) || input.selectionStart === null;
    const atEnd = !input || input.selectionStart === input.value.length || input.selectionStart === null;
    const all = !!input && input.selectionStart === 0 && input.selectionEnd === input.value.length;
    let next: [number, number] | null = null;
    if (e.key === 'ArrowDown' && !(target instanceof HTMLSelectElement)) next = [r + 1, c];
    else if (e.key === 'ArrowUp' && !(target instanceof HTMLSelectElement)) next = [r - 1, c];
    else if (e.key === 'Enter') next = [e.shiftKey ? r - 1 : r + 1, c];
    else if (e.key === 'ArrowRight' && (atEnd || all)) next = [r, c + 1];
    else if (e.key === 'ArrowLeft' && (atStart || all)) next = [r, c - 1];
    if (!next) return;
    const [nr, nc] = next;
    if (nr < 0 || nr >= rows.length || nc < 0 || nc >= columns.length) return;
    e.preventDefault();
    focusCell(e.currentTarget, nr, nc);
  };

  // A block copied from a spreadsheet: lines of tab-separated cells, filled from the focused cell.
  const onPaste = (e: ClipboardEvent<HTMLTableElement>) => {
    if (readOnly) return;
    const at = (e.target as HTMLElement).getAttribute(CELL);
    const text = e.clipboardData.getData('text/plain');
    if (!at || !/[\t\n]/.test(text.replace(/\r?\n$/, ''))) return;
    e.preventDefault();
    const [r0, c0] = at.split(':').map(Number) as [number, number];
    const lines = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n').map((l) => l.split('\t'));
    props.editRows((draft) => {
      lines.forEach((cells, i) => {
        const r = r0 + i;
        if (r >= draft.length) {
          if (!props.newRow || props.fixedRows) return;
          draft.push(props.newRow(draft));
        }
        cells.forEach((raw, j) => {
          const col = columns[c0 + j];
          const row = draft[r]!;
          if (!col || isReadOnly(col, row, r)) return;
          const v = parseCell(col, raw, locale);
          if (v !== undefined) col.set(row, v);
        });
      });
    });
  };

  const insert = () =>
    props.editRows((draft) => {
      const row = props.newRow!(draft);
      draft.splice(props.insertAt ? props.insertAt(draft) : draft.length, 0, row);
    });

  return (
    <div className="grid-table-wrap" data-testid={props.testId}>
      <table className="grid-table grid-editor" onKeyDown={onKeyDown} onPaste={onPaste} aria-describedby={readOnly ? undefined : `${tableId}-help`}>
        <caption className="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.rowHeader ? <th scope="col">{props.rowHeaderTitle ?? ''}</th> : null}
            {columns.map((col) => (
              <th key={col.key} scope="col" style={col.width ? { width: col.width } : undefined}>
                {col.header}
              </th>
            ))}
            {props.extra ? <th scope="col">{props.extra.header}</th> : null}
            {!readOnly && !props.fixedRows ? (
              <th scope="col">
                <span className="sr-only">{t('common.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => {
            const rpath = props.rowPath(r);
            return (
              <tr key={r} data-path={rpath}>
                {props.rowHeader ? <th scope="row">{props.rowHeader(row, r)}</th> : null}
                {columns.map((col, c) => (
                  <td key={col.key} className={col.kind === 'number' ? 'num' : undefined}>
                    <Cell
                      col={col}
                      row={row}
                      index={r}
                      at={`${r}:${c}`}
                      path={`${rpath}/${col.key}`}
                      disabled={readOnly || isReadOnly(col, row, r)}
                      locale={locale}
                      onChange={(v) => props.editRows((draft) => col.set(draft[r]!, v), `${rpath}/${col.key}`)}
                    />
                  </td>
                ))}
                {props.extra ? <td className="num">{props.extra.cell(row, r)}</td> : null}
                {!readOnly && !props.fixedRows ? (
                  <td className="nowrap">
                    <RowActions
                      index={r}
                      count={rows.length}
                      minCount={props.minRows ?? 0}
                      labels={rowLabels}
                      onMove={(from, to) => props.editRows((draft) => void draft.splice(0, draft.length, ...moveItem(draft, from, to)))}
                      onRemove={() => props.editRows((draft) => void draft.splice(r, 1))}
                    />
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!readOnly ? (
        <p className="muted small grid-help" id={`${tableId}-help`}>
          {t('grid.help')}
        </p>
      ) : null}
      {!readOnly && props.newRow && props.addLabel && !props.fixedRows ? (
        <button type="button" onClick={insert}>
          + {props.addLabel}
        </button>
      ) : null}
    </div>
  );
}

function isReadOnly<Row>(col: GridColumn<Row>, row: Row, index: number): boolean {
  return typeof col.readOnly === 'function' ? col.readOnly(row, index) : !!col.readOnly;
}

/** A pasted or typed cell text as the column's value; undefined = leave the cell as it is. */
export function parseCell<Row>(col: Pick<GridColumn<Row>, 'kind' | 'nullable' | 'options' | 'integer'>, raw: string, locale: NumberLocale): CellValue | undefined {
  const text = raw.trim();
  if (col.kind === 'number') {
    if (text === '' || text === '∞' || text === '-') return col.nullable ? null : undefined;
    const n = parseLocaleNumber(locale, text);
    if (n === null) return undefined;
    return col.integer ? Math.round(n) : n;
  }
  if (col.kind === 'select') {
    const opt = col.options?.find((o) => o.value === text || o.label.toLowerCase() === text.toLowerCase());
    return opt ? opt.value : undefined;
  }
  return text === '' && col.nullable ? null : text;
}

function placeholderOf<Row>(col: GridColumn<Row>, row: Row, index: number): string | undefined {
  return typeof col.placeholder === 'function' ? col.placeholder(row, index) || undefined : col.placeholder;
}

function Cell<Row>(props: { col: GridColumn<Row>; row: Row; index: number; at: string; path: string; disabled: boolean; locale: NumberLocale; onChange(v: CellValue): void }) {
  const { col, row, index } = props;
  const value = col.get(row, index);
  const label = col.label(row, index);
  const missing = !!col.missing?.(row, index);
  if (col.kind === 'select')
    return (
      <select aria-label={label} {...{ [CELL]: props.at }} data-path={props.path} value={value === null || value === undefined ? '' : String(value)} disabled={props.disabled} onChange={(e) => props.onChange(e.target.value || null)}>
        {value === null || value === undefined || value === '' ? <option value="">—</option> : null}
        {value !== null && value !== undefined && value !== '' && !col.options?.some((o) => o.value === value) ? <option value={String(value)}>{String(value)}</option> : null}
        {col.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  if (col.kind === 'number') return <NumberCell {...props} value={typeof value === 'number' ? value : null} label={label} placeholder={placeholderOf(col, row, index)} />;
  return (
    <input
      type="text"
      aria-label={label}
      {...{ [CELL]: props.at }}
      data-path={props.path}
      className={col.mono ? 'mono' : undefined}
      lang={col.lang}
      data-missing={missing ? 'true' : undefined}
      title={missing ? col.missingTitle : undefined}
      placeholder={placeholderOf(col, row, index)}
      value={value === null || value === undefined ? '' : String(value)}
      disabled={props.disabled}
      onChange={(e) => props.onChange(e.target.value === '' && col.nullable ? null : e.target.value)}
    />
  );
}

/** Shows 30,000 (30 000 in French), also while focused; what is typed is read with or without separators. */
function NumberCell<Row>(props: { col: GridColumn<Row>; at: string; path: string; disabled: boolean; locale: NumberLocale; value: number | null; label: string; placeholder?: string; onChange(v: CellValue): void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const shown = editing ?? (props.value === null ? '' : formatGrouped(props.locale, props.value));
  return (
    <input
      type="text"
      inputMode="decimal"
      aria-label={props.label}
      {...{ [CELL]: props.at }}
      data-path={props.path}
      className="num"
      placeholder={props.placeholder}
      value={shown}
      disabled={props.disabled}
      aria-invalid={editing !== null && editing.trim() !== '' && parseLocaleNumber(props.locale, editing) === null ? true : undefined}
      onBlur={() => setEditing(null)}
      onChange={(e) => {
        setEditing(e.target.value);
        const v = parseCell(props.col, e.target.value, props.locale);
        if (v !== undefined) props.onChange(v);
      }}
    />
  );
}
