// A person on a phone goes from the district to a school to a student, and every figure on the
// way is the API's. Run: node --test tests/browser/  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiGet, apiGetAny, launchBrowser, phonePage, startApp } from './harness.mjs';

const BANDS = ['satisfactory', 'at_risk', 'moderate', 'severe'];
const BAND_WORDS = {
  satisfactory: 'Satisfactory',
  at_risk: 'At risk',
  moderate: 'Moderate chronic',
  severe: 'Severe chronic',
};

let app;
let browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

const byTestId = (id) => `[data-testid="${id}"]`;

/** Days missed as `Totals::days_absent_display` prints them: hundredths, rounded half up, trimmed. */
function daysAbsentDisplay(absentUnits) {
  const hundredths = Math.floor((absentUnits + 50) / 100);
  const whole = Math.floor(hundredths / 100);
  const frac = String(hundredths % 100).padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

async function bandCounts(container) {
  const counts = {};
  for (const band of BANDS) {
    counts[band] = Number(await container.locator(byTestId(`band-count-${band}`)).innerText());
  }
  return counts;
}

test('a person can go from the district to a school to a student and see the API figures', async () => {
  const page = await phonePage(browser);
  const district = await apiGet(`${app.baseUrl}/api/schools`);

  // The district page: a card per school, each with the API's band counts.
  await page.goto(app.baseUrl);
  await page.locator(byTestId('school-card')).first().waitFor();
  assert.ok(district.schools.length >= 1, 'the demo district has schools');
  assert.equal(await page.locator(byTestId('school-card')).count(), district.schools.length);
  assert.ok((await page.locator(byTestId('as-of')).innerText()).length > 0);
  assert.deepEqual(await bandCounts(page.locator(byTestId('district-totals'))), pick(district.district));
  for (const school of district.schools) {
    const card = page.locator(`${byTestId('school-card')}[data-school-id="${school.id}"]`);
    assert.deepEqual(await bandCounts(card), pick(school.counts), `band counts of ${school.name}`);
  }

  // A school: the school with the most chronically absent students, so every section has rows.
  const school = [...district.schools].sort((a, b) => chronic(b.counts) - chronic(a.counts))[0];
  await page.locator(`${byTestId('school-card')}[data-school-id="${school.id}"]`).click();
  await page.waitForURL(`**/schools/${encodeURIComponent(school.id)}`);
  await page.locator(byTestId('student-row')).first().waitFor();
  const roster = await apiGet(`${app.baseUrl}/api/schools/${encodeURIComponent(school.id)}/students`);
  assert.equal(await page.locator('h1').innerText(), roster.name);
  assert.equal(await page.locator(byTestId('student-row')).count(), roster.students.length);
  const sections = page.locator('[data-testid^="band-section-"]');
  assert.deepEqual(
    await sections.evaluateAll((els) => els.map((el) => el.dataset.testid)),
    ['band-section-severe', 'band-section-moderate', 'band-section-at_risk', 'band-section-satisfactory'],
    'band sections, most absent first',
  );
  for (const band of BANDS) {
    const expected = roster.students.filter((s) => s.included && s.band === band).length;
    const rows = page.locator(`${byTestId(`band-section-${band}`)} ${byTestId('student-row')}`);
    assert.equal(await rows.count(), expected, `students in the ${band} section`);
  }

  // A student with absences: the figures and the list of absences are the API's.
  const pupil = roster.students.find((s) => s.included && s.totals.absent_units > 0);
  assert.ok(pupil, 'the school has a counted student with absences');
  await page.locator(`${byTestId('student-row')}[data-student-id="${pupil.id}"]`).click();
  await page.waitForURL(`**/students/${encodeURIComponent(pupil.id)}`);
  await page.locator(byTestId('days-enrolled')).waitFor();
  const detail = await apiGet(`${app.baseUrl}/api/students/${encodeURIComponent(pupil.id)}`);
  assert.equal(await page.locator('h1').innerText(), `${detail.first_name} ${detail.last_name}`);
  assert.equal(await page.locator(byTestId('days-enrolled')).innerText(), String(detail.totals.days_enrolled));
  assert.equal(await page.locator(byTestId('days-absent')).innerText(), daysAbsentDisplay(detail.totals.absent_units));
  assert.match(await page.locator(byTestId('absence-rate')).innerText(), /^\d+\.\d%$/);
  const band = page.locator(`${byTestId('band')} [data-band]`);
  assert.equal(await band.getAttribute('data-band'), detail.band);
  assert.equal(await band.innerText(), BAND_WORDS[detail.band], 'the band is named in words');
  assert.equal(await page.locator(byTestId('event-row')).count(), detail.events.length);
  assert.ok(detail.events.length > 0);

  // And back to the district.
  await page.getByRole('link', { name: 'All schools' }).first().click();
  await page.locator(byTestId('school-card')).first().waitFor();

  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a school page opened from a link loads on its own', async () => {
  const page = await phonePage(browser);
  const district = await apiGet(`${app.baseUrl}/api/schools`);
  const school = district.schools[0];
  await page.goto(`${app.baseUrl}/schools/${encodeURIComponent(school.id)}`);
  await page.locator('h1', { hasText: school.name }).waitFor();
  const roster = await apiGet(`${app.baseUrl}/api/schools/${encodeURIComponent(school.id)}/students`);
  assert.equal(await page.locator(byTestId('student-row')).count(), roster.students.length);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a student id that does not exist shows the API error message', async () => {
  const page = await phonePage(browser);
  const { status, body } = await apiGetAny(`${app.baseUrl}/api/students/does-not-exist`);
  assert.equal(status, 404);
  await page.goto(`${app.baseUrl}/students/does-not-exist`);
  const message = page.locator(byTestId('error-message'));
  await message.waitFor();
  assert.equal(await message.innerText(), body.message);
  assert.match(body.message, /No student/);
  // The browser logs the 404 itself; nothing else may go wrong.
  assert.deepEqual(
    page.errors.filter((e) => !/status of 404/.test(e)),
    [],
    'no errors besides the 404',
  );
  await page.context().close();
});

function pick(counts) {
  return Object.fromEntries(BANDS.map((b) => [b, counts[b]]));
}

function chronic(counts) {
  return counts.moderate + counts.severe;
}
