// Staff look back at a school year that is over, on a 360 px phone. The app runs on a day early
// in 2027–28 (before the demo shows a new year): the demo loads 2026–27 to its last day, then
// 2027–28's calendar arrives (an import through the API) and starts the year; 2026–27 is over,
// its figures kept. A counselor picks it on the chronic list, in English and in Spanish; the list is the API's for
// `?year=`, the year stays in the URL, and picking this year again takes it out.
// Screenshots: target/screenshots/past-years-*.png.
// Run: node --test tests/browser/past_years.test.mjs (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  apiGet,
  assertNoAxeViolations,
  byTestId,
  phonePage,
  signInAsStaff,
  staffToken,
  startAppAndBrowser,
  startSchoolYear,
} from './harness.mjs';

/** A day of 2027–28 before its third week: the demo is 2026–27, complete. */
const TODAY = '2027-08-25';
const SCHOOL = 'E-101';

let app;
let browser;

startAppAndBrowser(
  async (a, b) => {
    app = a;
    browser = b;
    // 2027–28 starts as a district's does: its calendar arrives (the first weeks' days).
    const admin = await staffToken(app.baseUrl, DEMO.admin);
    const schools = (await apiGet(`${app.baseUrl}/api/schools`, admin)).schools.map((s) => s.id);
    const days = ['2027-08-16', '2027-08-17', '2027-08-18', '2027-08-19', '2027-08-20', '2027-08-23', '2027-08-24'];
    await startSchoolYear(app.baseUrl, schools, days);
  },
  { today: TODAY },
);

/** The student ids the page lists, in order. */
const listed = (page) =>
  page.locator(byTestId('chronic-row')).evaluateAll((rows) => rows.map((r) => r.dataset.studentId));

/** The student ids of a chronic list from the API, in order. */
const ids = (list) => list.grades.flatMap((g) => g.students.map((s) => s.id));

test('a counselor picks last year on the chronic list at 360 px, in English and Spanish', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const now = await apiGet(`${app.baseUrl}/api/schools/${SCHOOL}/chronic-list`, token);
  assert.deepEqual([now.year, now.years], [2027, [2027, 2026]], 'this year, and 2026–27 to look back on');
  const past = await apiGet(`${app.baseUrl}/api/schools/${SCHOOL}/chronic-list?year=2026`, token);
  assert.equal(past.year, 2026);
  assert.equal(past.as_of, '2027-06-04', "2026–27's last school day");
  assert.ok(ids(past).length > 0, 'last year had chronically absent students');

  const page = await phonePage(browser, { timeout: 30_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/chronic-list?school=${SCHOOL}`);
  const pick = page.locator(byTestId('year-pick'));
  await pick.waitFor();
  assert.deepEqual(await listed(page), ids(now), "this year's list first");
  assert.equal(await page.locator('label[for="school-year"]').innerText(), 'School year');
  assert.deepEqual(await pick.locator('option').allInnerTexts(), ['2027–28 (this year)', '2026–27 (over)']);
  assert.ok((await pick.boundingBox()).height >= 44, 'the picker is a 44 px target');

  await pick.selectOption('2026');
  await page.waitForURL((url) => url.searchParams.get('year') === '2026');
  assert.equal(new URL(page.url()).searchParams.get('school'), SCHOOL, 'the school stays in the URL');
  await page.locator(byTestId('year-past-note')).waitFor();
  await page.locator(byTestId('chronic-row')).first().waitFor();
  assert.deepEqual(await listed(page), ids(past), "last year's list, as the API gives it");
  assert.match(await page.locator(byTestId('year-past-note')).innerText(), /2026–27 is over/);
  assert.match(await page.locator(byTestId('chronic-as-of')).innerText(), /June 4, 2027/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `nothing wider than the phone (${width} px)`);
  await assertNoAxeViolations(page, "last year's chronic list");
  await page.screenshot({ path: 'target/screenshots/past-years-chronic-en.png', fullPage: true });

  // A reload shows the same year: it is in the URL.
  await page.reload();
  await page.locator(byTestId('year-past-note')).waitFor();
  assert.equal(await pick.inputValue(), '2026');

  // In Spanish.
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('label[for="school-year"]', { hasText: 'Año escolar' }).waitFor();
  assert.deepEqual(await pick.locator('option').allInnerTexts(), ['2027–28 (este año)', '2026–27 (terminado)']);
  assert.match(await page.locator(byTestId('year-past-note')).innerText(), /2026–27 terminó/);
  assert.deepEqual(await listed(page), ids(past));
  // The bands are named in Spanish too (they stayed in English before).
  const badges = await page.locator(`${byTestId('chronic-row')} [data-band]`).allInnerTexts();
  assert.ok(badges.length > 0);
  for (const badge of badges) assert.match(badge, /^Ausentismo crónico (moderado|grave)$/, badge);
  await page.screenshot({ path: 'target/screenshots/past-years-chronic-es.png', fullPage: true });

  // Back to this year: the year leaves the URL.
  await pick.selectOption('2027');
  await page.waitForURL((url) => !url.searchParams.has('year'));
  await page.locator(byTestId('year-past-note')).waitFor({ state: 'detached' });
  assert.deepEqual(await listed(page), ids(now));
  assert.deepEqual(page.errors, []);
});

test("in the year's first weeks the queue lists last year's chronically absent students, in English and Spanish", async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const queue = await apiGet(`${app.baseUrl}/api/schools/${SCHOOL}/outreach`, token);
  const flagged = queue.rows.filter((r) => r.reasons.some((why) => why.kind === 'chronic_last_year'));
  assert.ok(flagged.length > 0, 'the demo school had chronically absent students last year');
  const past = await apiGet(`${app.baseUrl}/api/schools/${SCHOOL}/chronic-list?year=2026`, token);
  const chronicLastYear = new Set(ids(past));
  for (const row of flagged) assert.ok(chronicLastYear.has(row.student_id), `${row.student_id} was chronic last year`);

  const page = await phonePage(browser, { timeout: 30_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/queue?school=${SCHOOL}`);
  const first = page.locator(`${byTestId('queue-row')}[data-student-id="${flagged[0].student_id}"]`);
  await first.waitFor();
  assert.match(await first.locator(byTestId('queue-reasons')).innerText(), /last year \(2026–27: missed .+ of \d+\): reach out/);
  await page.screenshot({ path: 'target/screenshots/past-years-queue-en.png', fullPage: true });
  await page.locator(byTestId('language')).selectOption('es');
  await first.locator(byTestId('queue-reasons'), { hasText: 'el año pasado' }).waitFor();
  assert.match(await first.locator(byTestId('queue-reasons')).innerText(), /el año pasado \(2026–27: faltó .+ de \d+\): comuníquese/);
  await page.screenshot({ path: 'target/screenshots/past-years-queue-es.png', fullPage: true });
  assert.deepEqual(page.errors, []);
});
