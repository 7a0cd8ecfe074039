/**
 * Test-run the draft in the browser: a form generated from the declared inputs (or a golden case)
 * → the engine compiles the draft and evaluates it with a trace → the decision card, and the graph
 * lights up. The case can be saved as a golden test.
 */
import { useMemo, useState } from 'react';
import type { GoldenTest, InputDeclaration, PolicyDocument } from '../../../engine/model/policy-schema.js';
import type { Decision } from '../../../engine/model/decision-schema.js';
import { addTest, type Command } from '../document/commands.js';
import type { DispatchResult } from '../document/session.js';
import { loadEngine } from '../engine/engine.js';
import { policyLanguageOf } from '../document/localized.js';
import { useI18n } from '../i18n/i18n.js';
import { DecisionSummary } from './DecisionSummary.js';
import { TextField } from './form/fields.js';

type FormValues = Record<string, string>;

function toForm(inputs: InputDeclaration[], facts: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const i of inputs) {
    const v = facts[i.name];
    out[i.name] = v === undefined || v === null ? '' : String(v);
  }
  return out;
}

function fromForm(inputs: InputDeclaration[], form: FormValues): Record<string, string | number | boolean> {
  const facts: Record<string, string | number | boolean> = {};
  for (const i of inputs) {
    const raw = form[i.name] ?? '';
    if (raw === '') continue;
    if (i.type === 'number' || i.type === 'integer') facts[i.name] = Number(raw);
    else if (i.type === 'boolean') facts[i.name] = raw === 'true';
    else facts[i.name] = raw;
  }
  return facts;
}

export function TestPanel(props: {
  doc: PolicyDocument;
  readOnly: boolean;
  lastRun: { decision: Decision; facts: Record<string, unknown> } | null;
  onResult(run: { decision: Decision; facts: Record<string, unknown> } | null): void;
  dispatch(c: Command): DispatchResult;
}) {
  const { t, lt, locale } = useI18n();
  const { doc } = props;
  const [form, setForm] = useState<FormValues>(() => toForm(doc.inputs, props.lastRun?.facts ?? doc.tests[0]?.facts ?? {}));
  const [caseId, setCaseId] = useState<string>(props.lastRun ? '' : doc.tests[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saveName, setSaveName] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const facts = useMemo(() => fromForm(doc.inputs, form), [doc.inputs, form]);

  const run = async () => {
    setError(null);
    setSaved(null);
    const engine = await loadEngine();
    try {
      const compiled = engine.compilePolicy(doc);
      const check = engine.checkFacts(compiled, facts);
      if (!check.ok) {
        setError(check.errors.map((e) => e.messages[locale]).join(' · ') || t('test.invalidFacts'));
        props.onResult(null);
        return;
      }
      // The facts check's warnings (terms above the legal cap) travel in the decision, as in the API.
      const decision = engine.withWarnings(compiled.evaluate(check.facts, { trace: true, language: locale }), check.warnings, locale);
      props.onResult({ decision, facts });
    } catch (err) {
      setError(`${t('test.cannotRun')} ${(err as Error).message}`);
      props.onResult(null);
    }
  };

  const saveAsGolden = () => {
    const d = props.lastRun?.decision;
    if (!d) return;
    const name = saveName.trim() || t('test.defaultCaseName', { n: doc.tests.length + 1 });
    const ids = new Set(doc.tests.map((x) => x.id));
    let base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'case';
    if (!/^[a-z]/.test(base)) base = `case-${base}`;
    let id = base.slice(0, 60);
    for (let n = 2; ids.has(id); n++) id = `${base.slice(0, 56)}-${n}`;
    const test: GoldenTest = {
      id,
      // typed in the interface's language: a plain string when that is the policy's own
      name: locale === policyLanguageOf(doc) ? name : { [locale]: name },
      facts: props.lastRun!.facts as GoldenTest['facts'],
      expect: {
        outcome: d.outcome,
        approvalLevel: d.approvalLevel,
        ...(d.riskClass !== null ? { riskClass: d.riskClass } : {}),
        ...(d.creditLimit ? { creditLimit: d.creditLimit.gross } : {}),
        ...(d.collectionScenario ? { collectionScenario: d.collectionScenario.id } : {}),
      },
    };
    const r = props.dispatch(addTest(test));
    if (r.ok) {
      setSaved(t('test.savedAs', { name }));
      setSaveName('');
    } else setError(r.reason);
  };

  return (
    <div className="test-panel">
      <form
        className="test-form"
        aria-label={t('test.form')}
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="test-form-head">
          <label htmlFor="golden-pick">{t('test.pickCase')}</label>
          <select
            id="golden-pick"
            value={caseId}
            onChange={(e) => {
              setCaseId(e.target.value);
              const test = doc.tests.find((x) => x.id === e.target.value);
              if (test) setForm(toForm(doc.inputs, test.facts));
            }}
          >
            <option value="">{t('test.customCase')}</option>
            {doc.tests.map((x) => (
              <option key={x.id} value={x.id}>
                {lt(x.name)}
              </option>
            ))}
          </select>
          <button type="submit" className="primary" data-testid="run-test">
            ▶ {t('test.run')}
          </button>
        </div>
        <div className="fact-grid">
          {doc.inputs.map((i) => {
            const id = `fact-${i.name}`;
            const label = `${lt(i.label) || i.name}${i.unit ? ` (${i.unit})` : ''}${i.required ? ' *' : ''}`;
            const onChange = (v: string) => {
              setCaseId('');
              setForm((f) => ({ ...f, [i.name]: v }));
            };
            if (i.type === 'boolean' || i.type === 'enum')
              return (
                <div className="field" key={i.name}>
                  <label htmlFor={id}>{label}</label>
                  <select id={id} value={form[i.name] ?? ''} onChange={(e) => onChange(e.target.value)}>
                    <option value="">{t('test.missing')}</option>
                    {(i.type === 'boolean' ? ['true', 'false'] : i.values ?? []).map((v) => (
                      <option key={v} value={v}>
                        {i.type === 'boolean' ? t(v === 'true' ? 'common.yes' : 'common.no') : v}
                      </option>
                    ))}
                  </select>
                </div>
              );
            return (
              <div className="field" key={i.name}>
                <label htmlFor={id}>{label}</label>
                <input id={id} name={i.name} type={i.type === 'string' ? 'text' : 'number'} step="any" min={i.min} max={i.max} value={form[i.name] ?? ''} onChange={(e) => onChange(e.target.value)} />
              </div>
            );
          })}
        </div>
      </form>
      <div className="test-result">
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        {props.lastRun ? (
          <>
            <DecisionSummary decision={props.lastRun.decision} doc={props.doc} />
            {!props.readOnly ? (
              <div className="save-case">
                <TextField label={t('test.caseName')} value={saveName} onChange={setSaveName} placeholder={t('test.defaultCaseName', { n: doc.tests.length + 1 })} />
                <button type="button" onClick={saveAsGolden}>
                  {t('test.saveAsGolden')}
                </button>
                {saved ? <span className="success-text">{saved}</span> : null}
              </div>
            ) : null}
          </>
        ) : !error ? (
          <p className="muted">{t('test.hint')}</p>
        ) : null}
      </div>
    </div>
  );
}
