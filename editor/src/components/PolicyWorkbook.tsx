/**
 * Excel and paper, from the editor: download a version's or the draft's workbook and a version's
 * committee document (HTML page to print, or PDF; French or English), and import an edited
 * workbook into the draft — the changes in words and the problems (sheet!cell) are shown first,
 * and applying is ONE undoable command; saving it is the usual audited draft save.
 */
import { useEffect, useRef, useState } from 'react';
import type { PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { ApiClient, VersionSummary, WorkbookPreview } from '../api/client.js';
import type { Command } from '../document/commands.js';
import type { DispatchResult } from '../document/session.js';
import { useI18n, type Locale } from '../i18n/i18n.js';
import { useModal } from './use-modal.js';

/** The whole document replaced by the imported one: one step to undo, exact to redo. */
export function importWorkbookCommand(imported: PolicyDocument): Command {
  let before: PolicyDocument | null = null;
  return {
    type: 'importWorkbook',
    label: 'workbook.command',
    execute(doc) {
      before = doc;
      // Node positions are not in the workbook: keep the editor's layout.
      return { ...imported, ...(doc.layout ? { layout: doc.layout } : {}) };
    },
    undo(doc) {
      return before ?? doc;
    },
  };
}

function save(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const enc = encodeURIComponent;

/** In the Versions tab: the workbook and committee document of a version, the draft's workbook. */
export function PolicyDocumentsBar(props: { api: ApiClient; policyId: string; hasDraft: boolean; refreshKey: number; onError(message: string): void }) {
  const { t, locale } = useI18n();
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [version, setVersion] = useState<number | null>(null);
  const [lang, setLang] = useState<Locale>(locale);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    props.api
      .listVersions(props.policyId)
      .then((v) => {
        const sorted = [...v].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        setVersion((current) => current ?? sorted[0]?.version ?? null);
      })
      .catch((e: Error) => props.onError(e.message));
  }, [props.api, props.policyId, props.refreshKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const get = async (path: string, then: (blob: Blob) => void) => {
    setBusy(true);
    try {
      then(await props.api.file(path));
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const base = `/policies/${enc(props.policyId)}`;

  return (
    <div className="compare-form" role="group" aria-label={t('workbook.documents')} data-testid="policy-documents">
      <label htmlFor="doc-version">{t('workbook.version')}</label>
      <select id="doc-version" value={version ?? ''} onChange={(e) => setVersion(Number(e.target.value))} disabled={versions.length === 0}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {t('versions.v', { version: v.version })}
          </option>
        ))}
      </select>
      <label htmlFor="doc-lang">{t('workbook.language')}</label>
      <select id="doc-lang" value={lang} onChange={(e) => setLang(e.target.value as Locale)}>
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
      <button type="button" disabled={busy || version === null} data-testid="download-version-xlsx" onClick={() => void get(`${base}/versions/${version}/workbook.xlsx`, (b) => save(b, `${props.policyId}-v${version}.xlsx`))}>
        ⬇ {t('workbook.downloadXlsx')}
      </button>
      <button
        type="button"
        disabled={busy || version === null}
        data-testid="open-committee-html"
        onClick={() =>
          void get(`${base}/versions/${version}/document.html?lang=${lang}`, (b) => {
            const url = URL.createObjectURL(new Blob([b], { type: 'text/html' }));
            window.open(url, '_blank', 'noopener');
            setTimeout(() => URL.revokeObjectURL(url), 60_000);
          })
        }
      >
        {t('workbook.committeeHtml')}
      </button>
      <button type="button" disabled={busy || version === null} data-testid="download-committee-pdf" onClick={() => void get(`${base}/versions/${version}/document.pdf?lang=${lang}`, (b) => save(b, `${props.policyId}-v${version}-${lang}.pdf`))}>
        ⬇ {t('workbook.committeePdf')}
      </button>
      {props.hasDraft ? (
        <button type="button" disabled={busy} data-testid="download-draft-xlsx" onClick={() => void get(`${base}/draft/workbook.xlsx`, (b) => save(b, `${props.policyId}-draft.xlsx`))}>
          ⬇ {t('workbook.downloadDraft')}
        </button>
      ) : null}
    </div>
  );
}

const overlay: React.CSSProperties = { position: 'fixed', inset: 0, background: 'rgba(0,0,0,0.25)', display: 'flex', alignItems: 'flex-start', justifyContent: 'center', paddingTop: '10vh', zIndex: 50 };
const panel: React.CSSProperties = { background: '#fff', borderRadius: 6, padding: '16px 20px', width: 'min(760px, 92vw)', maxHeight: '75vh', overflow: 'auto', boxShadow: '0 8px 30px rgba(0,0,0,0.25)' };

/** In the draft's toolbar: pick an .xlsx, read what it changes, apply it as one command. */
export function WorkbookImport(props: { api: ApiClient; policyId: string; dirty: boolean; dispatch(command: Command): DispatchResult; onDone(message: string): void; onError(message: string): void }) {
  const { t, locale } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<WorkbookPreview | null>(null);
  const [file, setFile] = useState('');
  const [busy, setBusy] = useState(false);

  const pick = async (f: File) => {
    setBusy(true);
    try {
      setFile(f.name);
      setPreview(await props.api.previewWorkbook(props.policyId, f));
    } catch (e) {
      props.onError((e as Error).message);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  const errors = preview?.validation?.diagnostics.filter((d) => d.severity === 'error') ?? [];

  return (
    <>
      <input ref={input} type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" hidden aria-label={t('workbook.import')} data-testid="workbook-file" onChange={(e) => e.target.files?.[0] && void pick(e.target.files[0])} />
      <button
        type="button"
        disabled={busy}
        title={props.dirty ? t('workbook.saveFirst') : t('workbook.importHelp')}
        data-testid="import-workbook"
        onClick={() => (props.dirty ? props.onError(t('workbook.saveFirst')) : input.current?.click())}
      >
        ⬆ {t('workbook.import')}
      </button>
      {preview ? (
        <div style={overlay} onClick={(e) => e.target === e.currentTarget && setPreview(null)}>
          <ModalPanel label={t('workbook.previewTitle', { file })} onClose={() => setPreview(null)}>
            <h2 style={{ marginTop: 0, fontSize: '1.1rem' }}>{t('workbook.previewTitle', { file })}</h2>
            {!preview.ok ? (
              <>
                <p role="alert">{t('workbook.problems', { count: preview.problems.length })}</p>
                <ul data-testid="workbook-problems">
                  {preview.problems.map((p, i) => (
                    <li key={i} className="mono">
                      {p.text}
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <>
                <p>{preview.changes.length === 0 ? t('workbook.noChange') : t('workbook.changes', { count: preview.changes.length })}</p>
                <ul data-testid="workbook-changes">
                  {preview.changes.map((c, i) => (
                    <li key={i}>{c.messages?.[locale] ?? c.message}</li>
                  ))}
                </ul>
                {errors.length > 0 ? (
                  <>
                    <p role="alert">{t('workbook.invalid', { count: errors.length })}</p>
                    <ul data-testid="workbook-diagnostics">
                      {errors.map((d, i) => (
                        <li key={i}>{d.message}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p className="muted">{t('workbook.valid')}</p>
                )}
              </>
            )}
            <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
              {preview.ok && preview.document && preview.changes.length > 0 ? (
                <button
                  type="button"
                  className="primary"
                  data-testid="apply-workbook"
                  onClick={() => {
                    const r = props.dispatch(importWorkbookCommand(preview.document!));
                    setPreview(null);
                    if (r.ok) props.onDone(t('workbook.applied', { count: preview.changes.length }));
                  }}
                >
                  {t('workbook.apply')}
                </button>
              ) : null}
              <button type="button" onClick={() => setPreview(null)}>
                {preview.ok ? t('common.cancel') : t('workbook.close')}
              </button>
            </div>
          </ModalPanel>
        </div>
      ) : null}
    </>
  );
}

/** The preview as a modal dialog: focus inside, Tab kept inside, Escape closes it. */
function ModalPanel(props: { label: string; onClose(): void; children: React.ReactNode }) {
  const ref = useModal<HTMLDivElement>(props.onClose);
  return (
    <div ref={ref} role="dialog" aria-modal="true" aria-label={props.label} style={panel} data-testid="workbook-preview">
      {props.children}
    </div>
  );
}
