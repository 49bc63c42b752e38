// The public report's "this year and last" (issue 13), in Chromium on a 360 px phone, in
// English and Spanish: the demo district's 2026–27 year is over and 2027–28 has started (its
// first calendar weeks arrive through the admin's import), so last year's rate stands beside
// this year's, each column headed by its year, small cells hidden in each year on its own.
// Screenshots: target/screenshots/public-last-year-*.png.
// Run: node --test tests/browser/public_last_year.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import {
  DEMO,
  apiGet,
  assertNoAxeViolations,
  byTestId,
  percentBp,
  phonePage,
  signInAsStaff,
  staffToken,
  startAppAndBrowser,
  startSchoolYear,
} from './harness.mjs';

// The demo loads the 2026–27 year, whole (2027–28 has too few days behind this day).
const TODAY = '2027-08-31';

let app;
let browser;

startAppAndBrowser(
  (a, b) => {
    app = a;
    browser = b;
  },
  { today: TODAY },
);

const api = (path) => `${app.baseUrl}/api${path}`;

/** Weekdays from `first` up to the day before today. */
function weekdays(first) {
  const out = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t < Date.parse(`${TODAY}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

/** 2027–28 starts: its calendar's first weeks at every school, through the admin's import. */
async function startNextYear() {
  const before = await apiGet(api('/public/report'));
  assert.equal(before.last_year_available, false, 'one year held at first');
  const schools = before.schools.map((s) => s.school_id);
  await startSchoolYear(app.baseUrl, schools, weekdays('2027-08-09'));
}

/** Nothing scrolls sideways on the phone: not the page, not a table in its box. */
async function fits(page, language) {
  const { scroll, client, wide } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll('.public-table')]
      .filter((t) => t.parentElement.scrollWidth > t.parentElement.clientWidth)
      .map((t) => `${t.dataset.testid}: ${t.parentElement.scrollWidth} px`),
  }));
  assert.deepEqual(wide, [], `every table fits 360 px in ${language}`);
  assert.ok(scroll <= client, `${language}: ${scroll} px wide on a ${client} px screen`);
}

const pct = (bp) => (bp == null ? '—' : percentBp(bp));

test('the public report shows last year beside this year at 360 px, in English and Spanish', async () => {
  await startNextYear();
  const report = await apiGet(api('/public/report'));
  assert.equal(report.last_year_available, true);
  assert.deepEqual([report.year, report.last_year?.year], [2027, 2026]);

  const page = await phonePage(browser, { timeout: 60_000 });
  await page.goto(`${app.baseUrl}/public`);
  const table = page.locator(byTestId('public-district-table'));
  await table.locator(`tbody ${byTestId('public-row')}`).first().waitFor();
  // The two rates, headed by their years.
  // The two rates under "Rate", each headed by its year; this year's counts as "5 of 81".
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), [
    'Group',
    'Chronically absent',
    'Rate',
    '2027–28',
    '2026–27',
  ]);
  assert.match(await page.locator(byTestId('public-last-year')).innerText(), /2026–27/);
  // Each school's last rate as the API gives it, a dash where last year's cell is hidden.
  const rows = await table.locator(`tbody ${byTestId('public-row')}`).evaluateAll((els) =>
    els.map((el) => ({ group: el.dataset.group, last: el.querySelectorAll('td')[2].textContent })),
  );
  const lastRows = report.district.last_year.rows;
  assert.deepEqual(
    rows,
    lastRows.map((r) => ({ group: r.group, last: r.suppressed ? '—not shown' : pct(r.chronic_rate_bp) })),
  );
  assert.ok(lastRows.some((r) => !r.suppressed), 'some school shows last year');
  const total = await table.locator('tfoot td').allTextContents();
  const t = report.district.total;
  assert.deepEqual(total, [`${t.chronic} of ${t.students}`, pct(t.chronic_rate_bp), pct(report.district.last_year.total.chronic_rate_bp)]);
  // No figure of a group under the minimum in either year.
  for (const t of [report.district, ...report.schools.flatMap((s) => [s.by_grade, s.by_subgroup].filter(Boolean))]) {
    for (const r of [...t.rows, ...(t.last_year?.rows ?? [])]) {
      assert.ok(r.students == null || r.students >= report.min_group_size, JSON.stringify(r));
    }
  }
  mkdirSync('target/screenshots', { recursive: true });
  await page.screenshot({ path: 'target/screenshots/public-last-year-en.png', fullPage: true });
  await page.screenshot({ path: 'target/screenshots/public-last-year-en-top.png' });
  await page.locator(byTestId('public-school')).first().screenshot({ path: 'target/screenshots/public-last-year-school-en.png' });
  await fits(page, 'English');
  await assertNoAxeViolations(page, 'the public report with last year');

  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('h1', { hasText: 'Ausentismo crónico en nuestras escuelas' }).waitFor();
  assert.deepEqual((await table.locator('thead th').allInnerTexts()).slice(1), ['Ausentes crónicos', 'Tasa', '2027–28', '2026–27']);
  assert.equal((await table.locator('tfoot td').allTextContents())[0], `${t.chronic} de ${t.students}`);
  assert.match(await page.locator(byTestId('public-last-year')).innerText(), /año escolar pasado \(2026–27\)/);
  await fits(page, 'Spanish');
  await assertNoAxeViolations(page, 'the public report with last year, in Spanish');
  await page.screenshot({ path: 'target/screenshots/public-last-year-es.png', fullPage: true });
  await table.screenshot({ path: 'target/screenshots/public-last-year-district-es.png' });
  await page.locator(byTestId('public-school')).first().screenshot({ path: 'target/screenshots/public-last-year-school-es.png' });
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');

  // The CSV fills last year's column for the district.
  const csv = await (await fetch(api('/public/report.csv'))).text();
  const district = csv.split('\n')[1].split(',');
  assert.equal(district[7], (report.district.last_year.total.chronic_rate_bp / 10000).toFixed(4));
});

test('a district admin sets an objective against last year’s rate; it reads in English and Spanish at 360 px', async () => {
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const report = await apiGet(api('/public/report'));
  // A school shown in last year's district table (the public report's own verdict).
  const school = report.district.last_year.rows.find((r) => !r.suppressed).group;
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.goto(`${app.baseUrl}/objectives?school=${school}`);
  await page.locator(byTestId('objective-form')).waitFor();
  await page.locator(byTestId('objective-baseline')).selectOption('last_year');
  await page.locator(byTestId('objective-reduce')).fill('20');
  await page.locator(byTestId('objective-by')).fill('2028-06-15');
  await page.locator(byTestId('objective-save')).click();
  const card = page.locator(byTestId('objective'));
  await card.first().waitFor();
  const { objectives } = await apiGet(api(`/schools/${school}/objectives`), admin);
  const p = objectives[0];
  assert.equal(p.objective.baseline_from, 'last_year');
  const lastRow = report.district.last_year.rows.find((r) => r.group === school);
  assert.equal(p.objective.baseline.chronic_rate_bp, lastRow.chronic_rate_bp, 'the baseline is last year’s rate');
  assert.equal(p.last_year.chronic_rate_bp, lastRow.chronic_rate_bp);
  const b = p.objective.baseline;
  assert.equal(
    await card.locator(byTestId('objective-baseline')).innerText(),
    `Last school year (2026–27): ${percentBp(b.chronic_rate_bp)} (${b.chronic} of ${b.students} students).`,
  );
  assert.equal(await card.locator(byTestId('objective-from-last-year')).innerText(), 'Set against last school year’s rate.');
  assert.equal(await card.locator(byTestId('objective-from-to')).innerText(), `From ${percentBp(b.chronic_rate_bp)} to ${percentBp(p.target_rate_bp)} or less`);
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${scroll} px wide on a ${client} px screen`);
  await assertNoAxeViolations(page, 'objectives with last year');
  await card.first().screenshot({ path: 'target/screenshots/objectives-last-year-en.png' });

  await page.locator(byTestId('language')).selectOption('es');
  await page.locator(byTestId('objective-from-last-year')).filter({ hasText: 'Fijado respecto a la tasa del año escolar pasado.' }).waitFor();
  assert.match(await card.locator(byTestId('objective-baseline')).innerText(), /^Año escolar pasado \(2026–27\): /);
  await assertNoAxeViolations(page, 'objectives with last year, in Spanish');
  await card.first().screenshot({ path: 'target/screenshots/objectives-last-year-es.png' });
  await page.locator(byTestId('objective-form')).screenshot({ path: 'target/screenshots/objectives-form-es.png' });
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
});
