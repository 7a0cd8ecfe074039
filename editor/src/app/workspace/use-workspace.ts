/**
 * The React side of a WorkspaceController: creates it for one policy/version, loads it, and wires
 * what must follow the document (live validation, the run that belongs to it, the selection that
 * only keeps existing nodes), the keyboard table and the unsaved-work guard.
 */
import { useEffect, useMemo } from 'react';
import type { ApiClient, Me } from '../../api/client.js';
import type { PolicyDocument } from '../../../../engine/model/policy-schema.js';
import { validateLive } from '../../engine/validate-live.js';
import { useI18n } from '../../i18n/i18n.js';
import { setNavigationGuard } from '../navigation-guard.js';
import { useStore } from '../use-store.js';
import { WorkspaceController } from './controller.js';
import { handleKey } from './key-actions.js';
import { missingTranslations } from '../../document/translations.js';

export function useWorkspace(api: ApiClient, me: Me, policyId: string, version: number | null): WorkspaceController {
  const { t } = useI18n();
  const ctl = useMemo(() => new WorkspaceController({ api, me, policyId, version }), [api, me, policyId, version]);
  ctl.setTranslate(t);

  useEffect(() => {
    void ctl.load();
    return () => ctl.dispose();
  }, [ctl]);

  // Keyboard: one listener, the table in key-actions.ts.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => void handleKey(e, ctl);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctl]);

  // Unsaved work: the browser asks on unload, the app asks on in-app navigation.
  useEffect(() => {
    const onBefore = (e: BeforeUnloadEvent) => {
      if (ctl.dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBefore);
    const release = setNavigationGuard(() => (ctl.dirty ? t('save.leaveUnsaved') : null));
    return () => {
      window.removeEventListener('beforeunload', onBefore);
      release();
    };
  }, [ctl, t]);

  return ctl;
}

/**
 * Live validation, debounced, in the browser with the engine: the policy's diagnostics plus the
 * golden tests that no longer give their expected result. Moving nodes (layout only) changes no
 * decision, so it does not re-validate.
 */
export function useLiveValidation(ctl: WorkspaceController, doc: PolicyDocument): void {
  const { t } = useI18n();
  const semanticKey = useMemo(
    () => ({}),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [doc.id, doc.name, doc.description, doc.currency, doc.inputs, doc.conditions, doc.nodes, doc.edges, doc.tests],
  );
  useEffect(() => {
    let cancelled = false;
    ctl.view.set((s) => ({ ...s, validating: true }));
    const timer = setTimeout(() => {
      const current = ctl.session?.doc ?? doc;
      // In a worker (validate-live.ts): the ajv compile and the golden tests never block the page.
      // The engine has no clock: dated reference figures (the ECB rate) are checked against today.
      validateLive(current, new Date().toISOString().slice(0, 10))
        .then(({ diagnostics, golden }) => {
          if (cancelled) return;
          // Texts with one language in a bilingual policy: warnings, in the editor's words.
          const untranslated = missingTranslations(current, (count, language, example) => t('translation.missing', { count, language: t(`lang.${language}`), example }));
          ctl.view.set((s) => ({ ...s, diagnostics: [...diagnostics, ...golden.problems, ...untranslated], golden: golden.results, validating: false }));
        })
        .catch((err: Error) => {
          if (cancelled) return;
          ctl.view.set((s) => ({ ...s, validating: false }));
          ctl.notify('error', err.message);
        });
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [semanticKey, ctl, t]);

  // A test run belongs to the document it ran on: any edit clears the highlighted path.
  const v = useStore(ctl.view);
  useEffect(() => {
    if (v.run && v.runNodes && v.runNodes !== doc.nodes) ctl.view.set((s) => ({ ...s, run: null, runNodes: null }));
  }, [doc, v.run, v.runNodes, ctl]);
}
