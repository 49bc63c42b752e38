// How fast the family page opens on a phone on a slow network: Lighthouse's "slow 4G" (150 ms
// round trip, 1.6 Mbit/s down, 750 kbit/s up, applied by Chromium's network emulation), first
// with this machine's CPU, then with one 4 times slower (Lighthouse's mid-range phone). Measures, for a guardian already signed in, the time
// from the start of navigation to the first meaningful render: the child's days-missed
// sentence on screen (for a signed-in family the server writes it into the page, routes/shell.rs).
// First visit (empty cache) and a repeat visit (HTTP cache and service worker), three runs each;
// prints the median and the bytes that came over the network until the sentence was on screen
// ("transferred"), then when the app had taken over (its own page drawn) and the bytes until then.
//
// Run: node tests/browser/perf.mjs   (after cargo build -p api and scripts/build-frontend.sh)

import { DEMO, apiGet, apiPost, codeFromOutbox, launchBrowser, startApp } from './harness.mjs';

const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWNS = [1, 4];
const RUNS = 3;

const app = await startApp();
const browser = await launchBrowser();
try {
  const session = await signIn(app.baseUrl, DEMO.guardian);
  for (const cpu of CPU_SLOWDOWNS) {
    const app = [];
    const first = await measure(session, { warm: false, cpu });
    const repeat = await measure(session, { warm: true, cpu });
    const line = (label, runs) => {
      const m = median(runs.map((r) => r.sentenceMs));
      const bytes = median(runs.map((r) => r.bytes));
      const dcl = median(runs.map((r) => r.domContentLoadedMs));
      app.push(`${label}: app took over at ${(median(runs.map((r) => r.appMs)) / 1000).toFixed(2)} s, ${Math.round(median(runs.map((r) => r.appBytes)) / 1024)} KB by then`);
      return `| ${label} | ${(m / 1000).toFixed(2)} s | ${(dcl / 1000).toFixed(2)} s | ${Math.round(bytes / 1024)} KB |`;
    };
    console.log(`\nSlow 4G (${SLOW_4G.latency} ms, 1.6 Mbit/s down, 750 kbit/s up), CPU ×${cpu}; median of ${RUNS}`);
    console.log('| visit | days-missed sentence on screen | DOMContentLoaded | transferred |');
    console.log('| --- | --- | --- | --- |');
    console.log(line('first (empty cache)', first));
    console.log(line('repeat (cache and service worker)', repeat));
    for (const [label, runs] of [['first', first], ['repeat', repeat]]) {
      console.log(`${label}: ${runs.map((r) => `${Math.round(r.sentenceMs)} ms`).join(', ')}`);
    }
    for (const line of app) console.log(line);
  }
} finally {
  await browser.close();
  await app.stop();
}

/** A guardian's session: the token (the browser's cookie) and who it is (what the page keeps). */
async function signIn(baseUrl, contact) {
  await apiPost(`${baseUrl}/api/auth/code`, { contact });
  const { status, body, token } = await apiPost(`${baseUrl}/api/auth/code/verify`, {
    contact,
    code: await codeFromOutbox(baseUrl, contact),
  });
  if (status !== 200) throw new Error(`sign-in answered ${status}`);
  await apiGet(`${baseUrl}/api/me`, token);
  return { info: body, token };
}

/** Opens the app signed in, throttled, `RUNS` times; `warm` loads it once unthrottled first. */
async function measure(session, { warm, cpu }) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await context.addInitScript((raw) => {
      localStorage.setItem('showup.signed-in', raw);
      // The moment the days-missed sentence is drawn, on the page's own clock.
      // And the moment the app has drawn its own page (the server's first view then goes).
      new MutationObserver((_, observer) => {
        if (!window.__sentenceAt && document.querySelector('[data-testid="missed-sentence"]')) {
          window.__sentenceAt = performance.now();
        }
        if (document.querySelector('#main h1')) {
          window.__appAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    }, JSON.stringify(session.info));
    await context.addCookies([
      { name: 'showup_session', value: session.token, url: app.baseUrl, httpOnly: true, secure: true, sameSite: 'Strict' },
    ]);
    const page = await context.newPage();
    if (warm) {
      await page.goto(app.baseUrl);
      await page.locator('[data-testid="missed-sentence"]').waitFor();
      await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => {
      bytes += e.encodedDataLength;
    });
    await page.goto(app.baseUrl, { waitUntil: 'commit' });
    await page.locator('[data-testid="missed-sentence"]').waitFor({ timeout: 120_000 });
    const sentenceBytes = bytes;
    await page.locator('#main h1').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd > 0);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { sentenceMs: window.__sentenceAt, appMs: window.__appAt, domContentLoadedMs: nav.domContentLoadedEventEnd };
    });
    runs.push({ ...timing, bytes: sentenceBytes, appBytes: bytes });
    await context.close();
  }
  return runs;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
