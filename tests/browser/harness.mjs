// End-to-end harness: DynamoDB Local (in memory) + `showup demo` + `showup serve`, and headless
// Chromium. One app per test file; `stop()` ends every process it started, also after a failure.
//
// Needs: target/debug/showup (`cargo build -p api`), dist/ (`scripts/build-frontend.sh`),
// and the tools of `scripts/setup.sh` (DynamoDB Local, Java, Chromium, playwright-core).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOWUP = path.join(ROOT, 'target/debug/showup');
const DIST = path.join(ROOT, 'dist');
const CHROMIUM = process.env.SHOWUP_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export const DESKTOP = { width: 1280, height: 800 };
/** A phone: the app is designed for 360 px first. */
export const PHONE = { width: 360, height: 740 };

/**
 * A school day in the middle of the demo's 2026–27 year (a Wednesday in January, with weeks
 * of school before and after): for test files that need school days behind *and* ahead of
 * today, which the summer and the first weeks of a year do not have.
 */
export const SCHOOL_DAY = '2027-01-13';

/** The machine's date, YYYY-MM-DD (what `showup` takes for today when SHOWUP_TODAY is unset). */
export function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `iso` plus `days` days, YYYY-MM-DD. */
export function addDays(iso, days) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Starts DynamoDB Local, imports the demo district and serves the API and dist/. Answers
 * `{ baseUrl, today, stop, serverDown, serverUp }`: `today` is the app's day (YYYY-MM-DD); the
 * last two stop and restart the web server alone.
 *
 * `today` (YYYY-MM-DD) fixes the app's day (SHOWUP_TODAY for `showup demo` and `showup serve`);
 * without it, SHOWUP_TODAY from the environment, else the machine's date. The suite passes on
 * any day, so CI can run it with SHOWUP_TODAY set to the day to check.
 */
export async function startApp({ today } = {}) {
  for (const [file, fix] of [
    [SHOWUP, 'cargo build -p api'],
    [path.join(DIST, 'index.html'), 'scripts/build-frontend.sh'],
  ]) {
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`${fix}\` first`);
  }
  const children = [];
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'showup-browser-'));
  const stop = async () => {
    await Promise.all(children.map(stopChild));
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const dynamoPort = await freePort();
    const dynamo = startChild('dynamodb-local', path.join(ROOT, 'scripts/dynamodb-local.sh'), [String(dynamoPort)], {
      cwd: ROOT,
    });
    children.push(dynamo);
    await waitForPort(dynamoPort, dynamo, 60_000);

    const env = {
      ...process.env,
      SHOWUP_DYNAMODB_ENDPOINT: `http://127.0.0.1:${dynamoPort}`,
      SHOWUP_TABLE: `showup-test-${Math.random().toString(36).slice(2, 10)}`,
      AWS_REGION: 'us-east-1',
    };
    const day = today ?? (process.env.SHOWUP_TODAY || undefined);
    if (day) env.SHOWUP_TODAY = day;
    else delete env.SHOWUP_TODAY;
    // The demo writes its CSV files under the working directory: a temporary one, not the repo's .data/.
    const demo = startChild('showup demo', SHOWUP, ['demo'], { cwd: workDir, env });
    children.push(demo);
    const code = await exited(demo, 180_000);
    if (code !== 0) throw new Error(`showup demo exited with ${code}:\n${demo.output()}`);

    const httpPort = await freePort();
    const baseUrl = `http://127.0.0.1:${httpPort}`;
    let server;
    const serverUp = async () => {
      server = startChild('showup serve', SHOWUP, ['serve', '--port', String(httpPort), '--static-dir', DIST], {
        cwd: ROOT,
        env,
      });
      children.push(server);
      await waitForHealth(`${baseUrl}/api/health`, server, 30_000);
    };
    await serverUp();
    // The server stops answering (an outage, or a phone out of reach) and comes back; the
    // data stays in DynamoDB Local. Sessions survive only with a fixed signing key (below).
    const serverDown = () => stopChild(server);
    return { baseUrl, today: day ?? localToday(), stop, serverDown, serverUp, workDir };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Headless Chromium as the browser tests run it. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A test file's app and browser: started before its first test, stopped after its last (even
 * when a test failed). `ready(app, browser)` receives them, and may prepare more (a token).
 * `options` go to `startApp` (a file that needs a given day passes `{ today }`).
 */
export function startAppAndBrowser(ready, options = {}) {
  let app;
  let browser;
  before(async () => {
    app = await startApp(options);
    browser = await launchBrowser();
    await ready(app, browser);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });
}

/**
 * A phone-sized page that records console errors and uncaught exceptions in `page.errors`.
 * `timeout` (ms) raises Playwright's wait for the staff pages, whose on-demand modules two shared
 * cores take longer to fetch and compile.
 */
export async function phonePage(browser, { timeout, storageState } = {}) {
  // `storageState`: the cookies and localStorage of an earlier context (a returning visitor).
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, storageState });
  const page = await context.newPage();
  if (timeout) page.setDefaultTimeout(timeout);
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => page.errors.push(`exception: ${e.message}`));
  return page;
}

// The session token travels in this cookie (HttpOnly: the page's scripts never see it). The
// tests hold tokens as the browser does, and send them back in the same cookie.
const SESSION_COOKIE = 'showup_session';

/** The `Cookie` header that carries `token`. */
const sessionCookie = (token) => `${SESSION_COOKIE}=${token}`;

/** The token a response's `Set-Cookie` gives the session cookie, or `null`. */
function tokenSet(res) {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return cookie?.split(';')[0].slice(SESSION_COOKIE.length + 1) || null;
}

/** GET a JSON document from the API as `token`'s holder: the figures the page must show. Anything but 200 fails. */
export async function apiGet(url, token) {
  const { status, body } = await apiGetAny(url, token);
  if (status !== 200) throw new Error(`GET ${url} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** GET a JSON document from the API, whatever the status (for error answers). */
export async function apiGetAny(url, token) {
  const headers = { accept: 'application/json' };
  if (token) headers.cookie = sessionCookie(token);
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() };
}

/**
 * POST JSON to the API as the app does (with its `x-showup` header); answers `{ status, body,
 * token }`: body `null` when empty, token the one a sign-in sets in the session cookie.
 */
export async function apiPost(url, payload, token) {
  const headers = { 'content-type': 'application/json', accept: 'application/json', 'x-showup': '1' };
  if (token) headers.cookie = sessionCookie(token);
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(payload) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, token: tokenSet(res) };
}

// --- signing in ----------------------------------------------------------------------------

/** The demo district's sign-ins (`showup demo` prints them). */
export const DEMO = {
  password: 'showup-demo-2026',
  admin: 'sam.castillo@district.example.org',
  counselor: 'luis.medina@maple.example.org',
  teacher: 'grace.okafor@maple.example.org',
  guardian: 'elijah.gonzalez.12@example.org',
  guardianChildren: ['S10013', 'S11013'],
  student: 's13002@students.example.org',
  studentId: 'S13002',
};

/**
 * A new school year starts as a district's does: the admin imports its calendar's first `days`
 * for every school (`schools`: their ids). The figures' year moves on and last year's are kept.
 */
export async function startSchoolYear(baseUrl, schools, days) {
  const admin = await staffToken(baseUrl, DEMO.admin);
  const rows = schools.flatMap((school) => days.map((d) => `${school},${d}`));
  const csv = `school_id,date\n${rows.join('\n')}\n`;
  const files = [{ name: 'calendar.csv', content_base64: Buffer.from(csv).toString('base64') }];
  const applied = await apiPost(`${baseUrl}/api/admin/imports`, { files }, admin);
  if (applied.status !== 200) throw new Error(`the calendar import failed: ${JSON.stringify(applied.body)}`);
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/** A staff token straight from the API (its session cookie), for reading what a page must show. */
export async function staffToken(baseUrl, email, password = DEMO.password) {
  const { status, body, token } = await apiPost(`${baseUrl}/api/auth/password`, { email, password });
  if (status !== 200 || !token) throw new Error(`password sign-in of ${email} answered ${status}: ${JSON.stringify(body)}`);
  return token;
}

/** A family member's or student's token straight from the API, with a code from the outbox. */
export async function codeToken(baseUrl, contact) {
  await apiPost(`${baseUrl}/api/auth/code`, { contact });
  const code = await codeFromOutbox(baseUrl, contact);
  const { status, body, token } = await apiPost(`${baseUrl}/api/auth/code/verify`, { contact, code });
  if (status !== 200 || !token) throw new Error(`code sign-in of ${contact} answered ${status}: ${JSON.stringify(body)}`);
  return token;
}

/** Signs in through the page as staff, with a password; resolves once the page has left /signin. */
export async function signInAsStaff(page, baseUrl, email, password = DEMO.password) {
  await page.goto(`${baseUrl}/signin`);
  await page.locator(byTestId('signin-mode-staff')).click();
  await page.locator(byTestId('staff-email')).fill(email);
  await page.locator(byTestId('staff-password')).fill(password);
  await page.locator(byTestId('staff-submit')).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** The newest sign-in code the development outbox holds for `to`. */
export async function codeFromOutbox(baseUrl, to) {
  const messages = await apiGet(`${baseUrl}/api/dev/outbox`);
  const message = messages.find((m) => m.to === to);
  const code = message?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code for ${to} in the outbox: ${JSON.stringify(messages.slice(0, 3))}`);
  return code;
}

/** Signs in through the page with a code (read from the outbox by the test itself). */
export async function signInWithCode(page, baseUrl, contact) {
  await page.goto(`${baseUrl}/signin`);
  await page.locator(byTestId('signin-contact')).fill(contact);
  await page.locator(byTestId('signin-send-code')).click();
  await page.locator(byTestId('signin-code')).waitFor();
  await page.locator(byTestId('signin-code')).fill(await codeFromOutbox(baseUrl, contact));
  await page.locator(byTestId('signin-submit')).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/**
 * The session token the page's browser holds, or `null`: from its HttpOnly cookie, which only
 * the test (through Playwright) can read, never the page.
 */
export async function pageToken(page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === SESSION_COOKIE)?.value || null;
}

/**
 * Asserts how a signed-in page holds its session: an HttpOnly, Secure, SameSite=Strict cookie,
 * and the token nowhere a script of the page can read (document.cookie, localStorage,
 * sessionStorage).
 */
export async function assertTokenOutOfScriptReach(page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  assert.ok(cookie?.value, 'signed in: the browser holds the session cookie');
  assert.deepEqual(
    { httpOnly: cookie.httpOnly, secure: cookie.secure, sameSite: cookie.sameSite, path: cookie.path },
    { httpOnly: true, secure: true, sameSite: 'Strict', path: '/' },
  );
  const readable = await page.evaluate(() => ({
    cookie: document.cookie,
    storage: [localStorage, sessionStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)),
  }));
  assert.ok(!readable.cookie.includes(cookie.value), 'document.cookie does not hold the token');
  assert.ok(!readable.cookie.includes(SESSION_COOKIE), 'document.cookie does not show the session cookie');
  for (const entry of readable.storage) {
    assert.ok(!entry.includes(cookie.value), `the token is not in web storage: ${entry.slice(0, 80)}`);
    assert.ok(!/"token"/.test(entry), `no token field in web storage: ${entry.slice(0, 80)}`);
  }
}

// --- accessibility -------------------------------------------------------------------------

const AXE = path.join(ROOT, 'node_modules/axe-core/axe.min.js');

/** axe-core's WCAG 2.x A/AA violations on the page as it is now, as readable lines. */
export async function axeViolations(page) {
  // Evaluated rather than added as a <script>: the app's content security policy refuses
  // inline scripts, and axe must judge the page as it really is served.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).join(', ')})`);
}

// --- processes ---------------------------------------------------------------------------

function startChild(name, command, args, options) {
  // Own process group, so stop() also ends what a script started (java under dynamodb-local.sh).
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.label = name;
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => log;
  child.exitCode_ = null;
  child.done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      child.exitCode_ = code ?? signal;
      resolve(child.exitCode_);
    });
    child.on('error', (e) => {
      log += `\n${e.message}`;
      child.exitCode_ = 'spawn-error';
      resolve(child.exitCode_);
    });
  });
  liveGroups.add(child);
  child.done.then(() => liveGroups.delete(child));
  return child;
}

async function stopChild(child) {
  if (child.exitCode_ !== null) return;
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5_000);
  await child.done;
  clearTimeout(timer);
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

// A last resort if the test process exits without calling stop() (a crash, Ctrl-C).
const liveGroups = new Set();
process.on('exit', () => {
  for (const child of liveGroups) signalGroup(child, 'SIGKILL');
});

async function exited(child, timeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${child.label} did not finish in ${timeoutMs / 1000} s:\n${child.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([child.done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntil(what, child, timeoutMs, ready) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode_ !== null) {
      throw new Error(`${child.label} exited (${child.exitCode_}) before ${what}:\n${child.output()}`);
    }
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.label}: no ${what} after ${timeoutMs / 1000} s:\n${child.output()}`);
}

function waitForPort(port, child, timeoutMs) {
  const accepts = () =>
    new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  return waitUntil(`a connection on port ${port}`, child, timeoutMs, accepts);
}

function waitForHealth(url, child, timeoutMs) {
  const healthy = async () => {
    try {
      return (await fetch(url)).status === 200;
    } catch {
      return false;
    }
  };
  return waitUntil(`200 from ${url}`, child, timeoutMs, healthy);
}

/** A desktop-sized page that records uncaught exceptions in `page.errors`. */
export async function desktopPage(browser) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`exception: ${e.message}`));
  return page;
}

/** The controls staff pages are checked for: fields, buttons, the header's links, chips. */
export const STAFF_TARGETS =
  'main input:not([type=checkbox]):not([type=radio]), main button, main select, header a, .chip span';

/**
 * The visible elements matching `selector` shorter than 44 px (WCAG 2.5.5 target size), as
 * readable lines: an empty list is a pass.
 */
export async function smallTargets(page, selector) {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
      .map((el) => `${el.dataset.testid ?? el.tagName}: ${el.getBoundingClientRect().height}px`),
  );
}

/**
 * Fails with axe-core's violations once the page has settled. A page's code and sections load
 * on their own, and the `<h1>` of some comes with their data: checking while a section still
 * says "Loading" would judge a page no one reads, and would pass or fail by timing. A page
 * that never settles (10 s) is judged as it is, so axe says what is wrong with it.
 */
export async function assertNoAxeViolations(page, what) {
  await page
    .waitForFunction(() => !document.querySelector('[data-testid="loading"]') && document.querySelector('h1'), null, {
      timeout: 10_000,
    })
    .catch(() => {});
  assert.deepEqual(await axeViolations(page), [], `${what} passes axe`);
}

/** Basis points as the pages write them: one decimal, rounded down (1029 → "10.2%", 999 → "9.9%"). */
export function percentBp(bp) {
  const tenths = Math.floor(bp / 10);
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
