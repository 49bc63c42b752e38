// The import log on a 360 px phone, in English and Spanish: an import cut short shows as
// interrupted (upload the same files again to finish it), one still writing as in progress,
// and a finished one as neither. The API's side (an import recorded in progress, then
// finished; a cut one left unfinished) is tested in api/tests/api/import_resume.rs: here a
// real import is made, and the log the page reads is the server's, with the records' progress
// set as a cut import and a running one leave it (a crash cannot be timed in a browser test).
// Run: node --test tests/browser/uploads.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  PHONE,
  signInAsStaff,
  staffToken,
  startAppAndBrowser,
} from './harness.mjs';

let app;
let browser;

startAppAndBrowser(
  (a, b) => {
    app = a;
    browser = b;
  },
  { today: SCHOOL_DAY },
);

/** Two real imports through the API (each one attendance row): the log's two lines. */
async function twoImports(admin) {
  const detail = await apiGet(`${app.baseUrl}/api/students/S10013`, admin);
  const missed = new Set(detail.events.map((e) => e.date));
  const days = detail.school_days.filter((d) => d <= detail.as_of && !missed.has(d)).slice(-2);
  for (const day of days) {
    const csv = `student_id,school_id,date,status,fraction_absent,reason\nS10013,E-101,${day},partial,0.5,dentist\n`;
    const files = [{ name: 'attendance.csv', content_base64: Buffer.from(csv).toString('base64') }];
    const applied = await apiPost(`${app.baseUrl}/api/admin/imports`, { files }, admin);
    assert.equal(applied.status, 200, JSON.stringify(applied.body));
    assert.equal(applied.body.state, 'finished');
    assert.ok(applied.body.finished_at_ms >= applied.body.at_ms);
  }
}

test('an interrupted import and one in progress show in the import log, in English and Spanish', async () => {
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  await twoImports(admin);
  const log = await apiGet(`${app.baseUrl}/api/admin/imports`, admin);
  assert.ok(log.length >= 2);
  assert.ok(log.every((r) => r.state === 'finished'));

  // The service worker fetches on the page's behalf, past page.route: blocked here.
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`exception: ${e.message}`));
  let served = 0;
  // The server's log, the newest import still writing and the one before cut an hour ago.
  await page.route('**/api/admin/imports', async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const records = await response.json();
    records[0] = { ...records[0], state: 'in_progress', finished_at_ms: null, at_ms: Date.now() - 30_000, students: 3 };
    records[1] = { ...records[1], state: 'in_progress', finished_at_ms: null, at_ms: Date.now() - 3_600_000 };
    served += 1;
    await route.fulfill({ response, json: records });
  });
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.goto(`${app.baseUrl}/admin/uploads`);
  const rows = page.locator(byTestId('import-row'));
  await rows.nth(1).waitFor();
  assert.ok(served > 0, 'the page read the log');

  const running = rows.nth(0).locator(byTestId('import-in-progress'));
  assert.equal(await running.innerText(), 'In progress: 3 students to write.');
  assert.equal(await rows.nth(0).locator(byTestId('import-interrupted')).count(), 0);
  const cut = rows.nth(1).locator(byTestId('import-interrupted'));
  assert.equal(
    await cut.innerText(),
    'Interrupted: upload the same files again to finish it; what was written is whole per student.',
  );
  assert.equal(await rows.nth(1).locator(byTestId('import-in-progress')).count(), 0);
  const finished = await rows.count();
  for (let i = 2; i < finished; i += 1) {
    assert.equal(await rows.nth(i).locator('[data-testid^="import-in"]').count(), 0, 'a finished import says neither');
  }
  // The line fits the phone: no sideways scrolling.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
  await assertNoAxeViolations(page, 'the import log with an interrupted import');
  mkdirSync('target/screenshots', { recursive: true });
  await cut.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'target/screenshots/import-interrupted-360.png', fullPage: false });

  await page.evaluate(() => localStorage.setItem('showup.language', 'es'));
  await page.reload();
  await rows.nth(1).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await running.innerText(), 'En curso: 3 alumnos por escribir.');
  assert.equal(
    await cut.innerText(),
    'Interrumpida: suba de nuevo los mismos archivos para terminarla; lo que se escribió está completo por alumno.',
  );
  const overflowEs = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflowEs <= 0, `the page scrolls sideways by ${overflowEs} px`);
  await cut.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'target/screenshots/import-interrupted-360-es.png', fullPage: false });
  assert.deepEqual(page.errors, [], 'no exceptions');
  await page.context().close();
});
