// The first view the server writes into the page for a signed-in family (api/src/routes/shell.rs):
// the child's days-missed sentence before the app's WASM has arrived. It must be the app's own
// sentence, word for word, in English and in Spanish (one source of truth: the app's locale files),
// the app must replace it without ever showing both, and nobody else gets it.
// Run: node --test tests/browser/shell.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEMO, apiGet, apiPost, byTestId, codeFromOutbox, startAppAndBrowser } from './harness.mjs';

let app;
let browser;
startAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** A family's sign-in through the API: the cookie's token and who it is (what the page keeps). */
async function signIn(contact) {
  await apiPost(`${app.baseUrl}/api/auth/code`, { contact });
  const { status, body, token } = await apiPost(`${app.baseUrl}/api/auth/code/verify`, {
    contact,
    code: await codeFromOutbox(app.baseUrl, contact),
  });
  assert.equal(status, 200, `sign-in of ${contact}`);
  return { info: body, token };
}

/** A phone signed in as `session`, with or without JavaScript (without: only the server's view). */
async function signedInPage(session, { javaScript }) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: javaScript,
  });
  await context.addInitScript((raw) => localStorage.setItem('showup.signed-in', raw), JSON.stringify(session.info));
  await context.addCookies([
    { name: 'showup_session', value: session.token, url: app.baseUrl, httpOnly: true, secure: true, sameSite: 'Strict' },
  ]);
  return context.newPage();
}

/** A guardian of the demo whose roster language is `lang` (from the demo's own files). */
function guardianSpeaking(lang) {
  const csv = readFileSync(path.join(app.workDir, '.data/demo/guardians.csv'), 'utf8').trim().split('\n');
  const header = csv[0].split(',');
  const [email, language] = ['email', 'language'].map((name) => header.indexOf(name));
  const row = csv.slice(1).map((line) => line.split(',')).find((r) => r[language] === lang);
  assert.ok(row, `a guardian speaking ${lang}`);
  return row[email];
}

for (const lang of ['en', 'es']) {
  test(`the server's first view is the app's own sentence, in ${lang}`, async () => {
    const contact = guardianSpeaking(lang);
    const session = await signIn(contact);
    const me = await apiGet(`${app.baseUrl}/api/me`, session.token);
    assert.equal(me.language, lang);

    // Without JavaScript: only what the server wrote (the first child by name, at `/`).
    const bare = await signedInPage(session, { javaScript: false });
    const response = await bare.goto(app.baseUrl);
    assert.equal(response.headers()['cache-control'], 'no-store');
    assert.equal(await bare.locator('html').getAttribute('lang'), lang);
    const server = (await bare.locator(byTestId('missed-sentence')).textContent()).trim();
    const name = (await bare.locator('#shell h1').textContent()).trim();
    const preload = await bare.locator('link[rel=preload][href^="/api/"]').getAttribute('href');
    assert.match(preload, /^\/api\/students\/S\d+$/);
    await bare.context().close();

    // With the app: its sentence, once it has taken over; the server's view gone.
    const page = await signedInPage(session, { javaScript: true });
    let both = false;
    await page.exposeFunction('__both', () => {
      both = true;
    });
    await page.addInitScript(() => {
      // Checked when the browser could paint (a new task), not between two observers' callbacks.
      const check = () => {
        if (document.querySelectorAll('[data-testid="missed-sentence"]').length > 1) window.__both();
      };
      new MutationObserver(() => setTimeout(check)).observe(document, { childList: true, subtree: true });
    });
    await page.goto(app.baseUrl);
    await page.locator('#main h1').waitFor();
    await page.locator('#shell').waitFor({ state: 'detached' });
    const sentence = page.locator(byTestId('missed-sentence'));
    assert.equal((await sentence.textContent()).trim(), server);
    assert.equal((await page.locator('#main h1').textContent()).trim(), name);
    assert.ok(page.url().endsWith(preload.replace('/api', '')), `${page.url()} is the child of ${preload}`);
    assert.equal(both, false, 'the page never shows two sentences');
    await page.context().close();
  });
}

test('nobody else gets a first view: signed out, staff, the service worker, other pages', async () => {
  const index = (cookie, dest = 'document', url = '/') =>
    fetch(`${app.baseUrl}${url}`, { headers: { ...(cookie ? { cookie } : {}), 'sec-fetch-dest': dest } }).then((r) => r.text());
  const family = await signIn(DEMO.guardian);
  const cookie = `showup_session=${family.token}`;
  assert.match(await index(cookie), /id="shell"/, 'a guardian loading the page gets it');
  assert.doesNotMatch(await index(null), /id="shell"/, 'signed out');
  assert.doesNotMatch(await index('showup_session=not-a-session'), /id="shell"/, 'a dead session');
  assert.doesNotMatch(await index(cookie, 'empty'), /id="shell"/, 'the service worker’s copy of /');
  assert.doesNotMatch(await index(cookie, 'document', '/students/S10013/plan'), /id="shell"/, 'another page');
  assert.doesNotMatch(await index(cookie, 'document', '/students/S10001'), /id="shell"/, 'someone else’s child');
  const staff = await apiPost(`${app.baseUrl}/api/auth/password`, { email: DEMO.counselor, password: DEMO.password });
  assert.doesNotMatch(await index(`showup_session=${staff.token}`), /id="shell"/, 'staff');
});
