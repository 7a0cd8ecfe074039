/**
 * Issue 13, single sign-on in a real browser: the server is configured with a REAL OpenID provider
 * (oidc-provider on loopback), the editor offers "Sign in with your company account", the person
 * signs in on the provider's page (authorization code + PKCE), comes back signed in with the role
 * their directory group maps to, and the API accepts the provider's token for their work.
 * Screenshots: tests/e2e/screenshots/sso-1-… to sso-3-….
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freePort, launchBrowser, SCREENSHOTS, skipBrowserTests, startEditorServer, type EditorServer } from './support/browser-harness.js';
import { API_AUDIENCE, EDITOR_CLIENT, ROLE_MAP, startOpenIdProvider, type OpenIdProvider } from '../api/support/openid-provider.js';

describe.skipIf(skipBrowserTests)('single sign-on in the browser (issue 13)', () => {
  let idp: OpenIdProvider;
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    const port = await freePort();
    idp = await startOpenIdProvider({ editorRedirectUris: [`http://127.0.0.1:${port}/`] });
    server = await startEditorServer({
      port,
      dataDirPrefix: 'creditgraph-e2e-sso-',
      env: { OIDC_ISSUER: idp.issuer, OIDC_AUDIENCE: API_AUDIENCE, OIDC_CLIENT_ID: EDITOR_CLIENT, OIDC_ROLES_CLAIM: 'groups', OIDC_ROLE_MAP: ROLE_MAP, OIDC_SCOPE: 'openid api' },
    });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1300, height: 850 }, locale: 'en-GB' });
    page = await context.newPage();
    // The editor's faults only: the provider's development pages load web fonts this offline machine cannot reach.
    page.on('console', (m) => m.type() === 'error' && m.location().url.startsWith(server.base) && errors.push(m.text()));
    page.on('pageerror', (e) => page.url().startsWith(server.base) && errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
  });

  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('signs in through the provider (code + PKCE) and works with the mapped role', async () => {
    await page.goto(server.base + '/');
    const sso = page.getByRole('button', { name: 'Sign in with your company account' });
    await sso.waitFor();
    await shot('sso-1-sign-in-page');
    await sso.click();

    // The provider's own sign-in page (its development login form: any listed user, no password check).
    await page.waitForURL((u) => u.origin === idp.issuer);
    await page.locator('input[name="login"]').fill('paul.martin');
    await page.locator('input[name="password"]').fill('not-checked-by-the-dev-form');
    await shot('sso-2-provider-login');
    await page.locator('button[type="submit"]').click();
    // Consent for the editor's first sign-in.
    await page.locator('button[type="submit"]').click();

    await page.waitForURL((u) => u.origin === server.base);
    await page.getByText('Paul Martin').first().waitFor();
    expect(new URL(page.url()).search).toBe(''); // the code and state are gone from the address bar
    await shot('sso-3-signed-in');

    // The token the editor holds is the provider's JWT, and the API maps it to approver.
    const token = await page.evaluate(() => Object.values({ ...sessionStorage }).find((v) => typeof v === 'string' && v.split('.').length === 3));
    expect(token).toBeTruthy();
    const me = await fetch(`${server.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    expect(me).toMatchObject({ id: 'paul.martin', name: 'Paul Martin', roles: ['approver'], delegationLevel: 'creditManager' });
    expect(errors).toEqual([]);
  }, 120_000);
});
