/**
 * Sign in: through the company's identity provider when the server is configured for single
 * sign-on (authorization code + PKCE), or with an API key. Either way the bearer is checked with
 * GET /me and kept in sessionStorage for this tab only.
 */
import { useEffect, useState } from 'react';
import { ApiClient, ApiError, type Me } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { completeSignIn, isSignInReturn, loadOidcConfig, startSignIn, type OidcConfig } from '../auth/oidc-sign-in.js';

export function SignIn({ onSignedIn }: { onSignedIn(key: string, me: Me): void }) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<OidcConfig | null>(null);

  useEffect(() => {
    let live = true;
    void loadOidcConfig().then(async (config) => {
      if (!live || !config) return;
      setSso(config);
      if (!isSignInReturn()) return;
      setBusy(true);
      try {
        const token = await completeSignIn(config);
        const me = await new ApiClient(token).me();
        if (live) onSignedIn(token, me);
      } catch (err) {
        if (live) setError(err instanceof ApiError && err.status === 401 ? t('signIn.ssoRefused') : `${t('signIn.ssoFailed')} ${(err as Error).message}`);
      } finally {
        if (live) setBusy(false);
      }
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

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
        {sso ? (
          <>
            <button type="button" className="primary" disabled={busy} onClick={() => void startSignIn(sso).catch((err) => setError((err as Error).message))}>
              {t('signIn.sso')}
            </button>
            <p className="muted">{t('signIn.orKey')}</p>
          </>
        ) : null}
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
