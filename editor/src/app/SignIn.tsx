/** Sign in with an API key: checked with GET /me, kept in sessionStorage for this tab only. */
import { useState } from 'react';
import { ApiClient, ApiError, type Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

export function SignIn({ onSignedIn }: { onSignedIn(key: string, me: Me): void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <main className="sign-in">
      <form
        className="card-form"
        aria-labelledby="sign-in-title"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          new ApiClient(key.trim())
            .me()
            .then((me) => onSignedIn(key.trim(), me))
            .catch((err) => setError(err instanceof ApiError && err.status === 401 ? t('signIn.badKey') : (err as Error).message))
            .finally(() => setBusy(false));
        }}
      >
        <h1 id="sign-in-title">creditgraph</h1>
        <p className="muted">{t('signIn.intro')}</p>
        <label htmlFor="api-key">{t('signIn.key')}</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required />
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy || !key.trim()}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
