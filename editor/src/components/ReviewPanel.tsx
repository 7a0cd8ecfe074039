/** The approver's review of a submitted draft: what changed against the active version, approve or reject with a comment. */
import { useState } from 'react';
import type { CompareState } from '../document/view-state.js';
import { useI18n } from '../i18n/i18n.js';
import { ChangeList } from './ChangeList.js';

interface Props {
  submitted: { by: string | null; comment: string | null } | null;
  canDecide: boolean;
  cannotDecideReason: string | null;
  compare: CompareState | null;
  /** No active version yet: the review shows the whole policy as new. */
  firstVersion?: boolean;
  onLoadDiff(): void;
  onPickChange(nodeId: string | null): void;
  onApprove(comment: string, activate: boolean): Promise<void>;
  onReject(comment: string): Promise<void>;
}

export function ReviewPanel(props: Props) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [activate, setActivate] = useState(true);
  const [error, setError] = useState<string | null>(null);
  if (!props.submitted) return <p className="muted">{t('review.nothing')}</p>;
  const act = (fn: (c: string, activate: boolean) => Promise<void>) => {
    setBusy(true);
    setError(null);
    fn(comment, activate)
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  return (
    <div className="review-panel">
      <p>
        {t('review.submittedBy', { user: props.submitted.by ?? '?' })}
        {props.submitted.comment ? <q className="submit-comment">{props.submitted.comment}</q> : null}
      </p>
      {props.compare ? <ChangeList compare={props.compare} onPick={props.onPickChange} /> : (
        <button type="button" onClick={props.onLoadDiff}>
          {t(props.firstVersion ? 'review.showFirst' : 'review.showChanges')}
        </button>
      )}
      {props.canDecide ? (
        <form className="review-form review-bar" aria-label={t('panel.review')} onSubmit={(e) => e.preventDefault()}>
          <div className="field review-comment">
            <label htmlFor="review-comment">{t('review.comment')}</label>
            <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <div className="field field-checkbox">
            <input id="activate-now" type="checkbox" checked={activate} onChange={(e) => setActivate(e.target.checked)} />
            <label htmlFor="activate-now">{t('review.activateNow')}</label>
          </div>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || !comment.trim()} onClick={() => act(props.onApprove)} data-testid="approve">
              ✓ {t('review.approve')}
            </button>
            <button type="button" className="danger" disabled={busy || !comment.trim()} onClick={() => act(props.onReject)}>
              ✗ {t('review.reject')}
            </button>
          </div>
          {error ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : props.cannotDecideReason ? (
        <p className="muted">{props.cannotDecideReason}</p>
      ) : null}
    </div>
  );
}
