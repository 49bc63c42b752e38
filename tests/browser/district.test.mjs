// A district admin on a phone signs in, goes from the district to a school to a student, and
// every figure on the way is the API's; the admin pages show the audit log and staff accounts.
// Run: node --test tests/browser/  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  apiGet,
  apiGetAny,
  byTestId,
  phonePage,
  signInAsStaff,
  staffToken,
  startAppAndBrowser,
} from './harness.mjs';

const BANDS = ['satisfactory', 'at_risk', 'moderate', 'severe'];
const BAND_WORDS = {
  satisfactory: 'Satisfactory',
  at_risk: 'At risk',
  moderate: 'Moderate chronic',
  severe: 'Severe chronic',
};
const SPANISH_BAND_WORDS = {
  satisfactory: 'Satisfactorio',
  at_risk: 'En riesgo',
  moderate: 'Ausentismo crónico moderado',
  severe: 'Ausentismo crónico grave',
};

let app;
let browser;
/** The admin's token, for reading from the API what the pages must show. */
let token;

startAppAndBrowser(async (a, b) => {
  app = a;
  browser = b;
  token = await staffToken(app.baseUrl, DEMO.admin);
});

/** A phone-sized page with the admin signed in through the sign-in page. */
async function adminPage() {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  return page;
}

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

test('an admin can go from the district to a school to a student and see the API figures', async () => {
  const page = await adminPage();
  const district = await apiGet(`${app.baseUrl}/api/schools`, token);

  // Signing in lands on the district page: a card per school, each with the API's band counts.
  assert.equal(new URL(page.url()).pathname, '/');
  await page.locator(byTestId('school-card')).first().waitFor();
  assert.equal(await page.locator(byTestId('me-role')).innerText(), 'District admin');
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
  const roster = await apiGet(`${app.baseUrl}/api/schools/${encodeURIComponent(school.id)}/students`, token);
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
  const detail = await apiGet(`${app.baseUrl}/api/students/${encodeURIComponent(pupil.id)}`, token);
  assert.equal(await page.locator('h1').innerText(), `${detail.first_name} ${detail.last_name}`);
  assert.equal(await page.locator(byTestId('days-enrolled')).innerText(), String(detail.totals.days_enrolled));
  assert.equal(await page.locator(byTestId('days-absent')).innerText(), daysAbsentDisplay(detail.totals.absent_units));
  assert.match(await page.locator(byTestId('absence-rate')).innerText(), /^\d+\.\d%$/);
  const band = page.locator(`${byTestId('band')} [data-band]`);
  assert.equal(await band.getAttribute('data-band'), detail.band);
  assert.equal(await band.innerText(), BAND_WORDS[detail.band], 'the band is named in words');
  assert.equal(await page.locator(byTestId('event-row')).count(), detail.events.length);
  assert.ok(detail.events.length > 0);
  // Admins see who opened the record: at least this visit, newest first.
  const firstLook = page.locator(byTestId('access-log-row')).first();
  await firstLook.waitFor();
  assert.equal(await firstLook.locator(byTestId('access-who')).innerText(), 'Sam Castillo');

  // And back to the district.
  await page.getByRole('link', { name: 'All schools' }).first().click();
  await page.locator(byTestId('school-card')).first().waitFor();

  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('the district, school and student pages speak Spanish when it is picked', async () => {
  const page = await adminPage();
  const district = await apiGet(`${app.baseUrl}/api/schools`, token);
  await page.locator(byTestId('school-card')).first().waitFor();
  // No English left in the page's own words (names of schools and students are data).
  const english = /\b(students?|enrolled|missed|As of|All schools|District|Schools|chronically|Days|None this year|Absences|period|Satisfactory|At risk|Moderate chronic|Severe chronic)\b/;
  const main = page.locator('main');

  // The district: picked on the page itself, it changes without loading the figures again.
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('h1', { hasText: 'Todas las escuelas' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await page.title(), 'Todas las escuelas · Showup');
  assert.match(await page.locator(byTestId('as-of')).innerText(), /^(Datos del |Todavía no hay asistencia)/);
  assert.equal(await page.locator('#district-heading').innerText(), 'Distrito');
  const totals = await page.locator(`${byTestId('district-totals')} .summary`).innerText();
  assert.match(totals, /^\d+,\d% con ausentismo crónico · \d+ alumnos?$/);
  assert.deepEqual(
    await page.locator(`${byTestId('district-totals')} .counts dt`).allInnerTexts(),
    ['Ausentismo crónico grave', 'Ausentismo crónico moderado', 'En riesgo', 'Satisfactorio'],
  );
  assert.match(await page.locator(byTestId('sum-note')).innerText(), /^Las escuelas de abajo suman \d+ alumnos y el distrito tiene \d+:/);
  assert.doesNotMatch(await main.innerText(), english);
  await page.screenshot({ path: 'target/screenshots/staff-district-es.png', fullPage: true });

  // A school, in Spanish too.
  const school = [...district.schools].sort((a, b) => chronic(b.counts) - chronic(a.counts))[0];
  await page.locator(`${byTestId('school-card')}[data-school-id="${school.id}"]`).click();
  await page.waitForURL(`**/schools/${encodeURIComponent(school.id)}`);
  await page.locator(byTestId('student-row')).first().waitFor();
  const roster = await apiGet(`${app.baseUrl}/api/schools/${encodeURIComponent(school.id)}/students`, token);
  assert.equal(await page.getByRole('link', { name: '← Todas las escuelas' }).count(), 1);
  for (const band of BANDS) {
    const n = roster.students.filter((s) => s.included && s.band === band).length;
    assert.equal(
      await page.locator(`${byTestId(`band-section-${band}`)} ${byTestId('section-count')}`).innerText(),
      n === 1 ? '1 alumno' : `${n} alumnos`,
    );
  }
  const counted = page.locator(`${byTestId('band-section-severe')} ${byTestId('student-row')} .meta`).first();
  assert.match(await counted.innerText(), / · faltó \d+(,\d+)? días? · \d+,\d%$/);
  assert.doesNotMatch(await main.innerText(), english);
  await page.screenshot({ path: 'target/screenshots/staff-school-es.png', fullPage: true });

  // A student with absences.
  const pupil = roster.students.find((s) => s.included && s.totals.absent_units > 0);
  await page.locator(`${byTestId('student-row')}[data-student-id="${pupil.id}"]`).click();
  await page.waitForURL(`**/students/${encodeURIComponent(pupil.id)}`);
  await page.locator(byTestId('days-enrolled')).waitFor();
  const detail = await apiGet(`${app.baseUrl}/api/students/${encodeURIComponent(pupil.id)}`, token);
  assert.deepEqual(
    await page.locator('.stats dt').allInnerTexts(),
    ['Días de inscripción', 'Días de falta', 'Tasa de ausencias'],
  );
  assert.match(await page.locator(byTestId('absence-rate')).innerText(), /^\d+,\d%$/);
  assert.match(await page.locator(byTestId('missed-sentence')).innerText(), new RegExp(`^${detail.first_name} (ha faltado|no ha faltado)`));
  for (const id of ['allowance-chronic', 'allowance-at-risk']) {
    assert.match(await page.locator(byTestId(id)).innerText(), /^(Puede faltar|No puede faltar|No quedan|Terminar el año)/, id);
  }
  assert.match(await page.locator('.as-of').innerText(), /Datos del (lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d+ de \w+ de \d{4}$/);
  await page.locator('h2', { hasText: `Ausencias y llegadas tarde (${detail.events.length})` }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Todas las escuelas', exact: true }).count(), 1);
  assert.equal(await page.locator(`${byTestId('band')} [data-band]`).innerText(), SPANISH_BAND_WORDS[detail.band]);
  assert.doesNotMatch(await main.innerText(), english);
  await page.screenshot({ path: 'target/screenshots/staff-student-es.png', fullPage: true });

  // And back to English, on the same page.
  await page.locator(byTestId('language')).selectOption('en');
  await page.locator('.stats dt', { hasText: 'Days enrolled' }).waitFor();
  assert.equal(await page.locator(`${byTestId('band')} [data-band]`).innerText(), BAND_WORDS[detail.band]);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a school page opened from a link loads on its own', async () => {
  const page = await adminPage();
  const district = await apiGet(`${app.baseUrl}/api/schools`, token);
  const school = district.schools[0];
  await page.goto(`${app.baseUrl}/schools/${encodeURIComponent(school.id)}`);
  await page.locator('h1', { hasText: school.name }).waitFor();
  const roster = await apiGet(`${app.baseUrl}/api/schools/${encodeURIComponent(school.id)}/students`, token);
  assert.equal(await page.locator(byTestId('student-row')).count(), roster.students.length);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a student id that does not exist shows the API error message', async () => {
  const page = await adminPage();
  const { status, body } = await apiGetAny(`${app.baseUrl}/api/students/does-not-exist`, token);
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

test('an admin filters the audit log and sees the API entries', async () => {
  const page = await adminPage();
  await page.locator(byTestId('nav-audit')).click();
  await page.waitForURL('**/admin/audit');
  await page.locator(byTestId('audit-row')).first().waitFor();

  await page.locator(byTestId('audit-actor')).fill('staff:A-001');
  await page.locator(byTestId('audit-action')).fill('sign_in');
  await page.locator(byTestId('audit-days')).fill('2');
  await page.locator(byTestId('audit-search')).click();
  await page.waitForURL((url) => url.searchParams.get('action') === 'sign_in');
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('actor'), 'staff:A-001');
  assert.equal(url.searchParams.get('days'), '2');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="audit-action-cell"]')].every((c) => c.textContent === 'sign_in'),
  );

  const entries = await apiGet(`${app.baseUrl}/api/admin/audit?actor=staff:A-001&action=sign_in&days=2`, token);
  assert.ok(entries.length >= 2, 'the API token and this page each signed the admin in');
  const rows = page.locator(byTestId('audit-row'));
  assert.equal(await rows.count(), entries.length);
  assert.deepEqual(
    await page.locator(byTestId('audit-actor-cell')).evaluateAll((cells) => [...new Set(cells.map((c) => c.textContent))]),
    ['staff:A-001'],
  );
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('an admin changes a staff account, adds one, and sees the API message for a bad one', async () => {
  const page = await adminPage();
  await page.locator(byTestId('nav-staff')).click();
  await page.waitForURL('**/admin/staff');
  await page.locator(byTestId('staff-row')).first().waitFor();
  const staff = await apiGet(`${app.baseUrl}/api/admin/staff`, token);
  assert.equal(await page.locator(byTestId('staff-row')).count(), staff.length);

  // Change Grace Okafor's homerooms: the form starts from what the API has.
  await page.locator(`${byTestId('staff-row')}[data-staff-id="T-101"] ${byTestId('staff-change')}`).click();
  assert.equal(await page.locator(byTestId('staff-form-email')).inputValue(), 'grace.okafor@maple.example.org');
  assert.equal(await page.locator(byTestId('staff-form-role')).inputValue(), 'teacher');
  assert.equal(await page.locator(byTestId('staff-form-school')).inputValue(), 'E-101');
  assert.equal(await page.locator(byTestId('staff-form-homerooms')).inputValue(), 'E-101-3');
  await page.locator(byTestId('staff-form-homerooms')).fill('E-101-3; E-101-4');
  await page.locator(byTestId('staff-form-submit')).click();
  await page.locator(byTestId('staff-form-saved')).waitFor();
  const grace = (await apiGet(`${app.baseUrl}/api/admin/staff`, token)).find((s) => s.staff_id === 'T-101');
  assert.deepEqual(grace.homerooms, ['E-101-3', 'E-101-4']);

  // A bad email: the API's own message, announced.
  await page.locator(byTestId('staff-form-email')).fill('not-an-email');
  await page.locator(byTestId('staff-form-submit')).click();
  const error = page.locator(byTestId('staff-form-error'));
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.equal(await error.innerText(), 'email is not an email address.');

  // A new social worker at Cedar, with the role chosen by its name in words.
  await page.locator(byTestId('staff-form-new')).click();
  assert.equal(await page.locator(byTestId('staff-form-email')).inputValue(), '', 'the form starts empty');
  await page.locator(byTestId('staff-form-id')).fill('W-999');
  await page.locator(byTestId('staff-form-first')).fill('Ana');
  await page.locator(byTestId('staff-form-last')).fill('Reyes');
  await page.locator(byTestId('staff-form-email')).fill('ana.reyes@cedar.example.org');
  await page.locator(byTestId('staff-form-role')).selectOption({ label: 'Social worker' });
  await page.locator(byTestId('staff-form-school')).selectOption('E-102');
  await page.locator(byTestId('staff-form-submit')).click();
  await page.locator(`${byTestId('staff-row')}[data-staff-id="W-999"]`).waitFor();
  const ana = (await apiGet(`${app.baseUrl}/api/admin/staff`, token)).find((s) => s.staff_id === 'W-999');
  assert.deepEqual(ana, {
    staff_id: 'W-999',
    first_name: 'Ana',
    last_name: 'Reyes',
    email: 'ana.reyes@cedar.example.org',
    phone: null,
    role: 'social_worker',
    school_id: 'E-102',
    homerooms: [],
    active: true,
  });

  // The admin's own account has no "Turn off" (the API refuses it); every other one has.
  const own = page.locator(`${byTestId('staff-row')}[data-staff-id="A-001"]`);
  assert.equal(await own.getByRole('button', { name: /^Turn off/ }).count(), 0);

  // Turned off: the API says so, the row says so, and it can be turned on again.
  const row = page.locator(`${byTestId('staff-row')}[data-staff-id="W-999"]`);
  await row.getByRole('button', { name: "Turn off Ana Reyes's account" }).click();
  await page.locator(`${byTestId('staff-row')}[data-staff-id="W-999"][data-active="false"]`).waitFor();
  assert.match(await page.locator(byTestId('staff-status')).innerText(), /Ana Reyes's account is turned off/);
  const off = (await apiGet(`${app.baseUrl}/api/admin/staff`, token)).find((s) => s.staff_id === 'W-999');
  assert.equal(off.active, false);
  await row.getByRole('button', { name: "Turn on Ana Reyes's account" }).click();
  await page.locator(`${byTestId('staff-row')}[data-staff-id="W-999"][data-active="true"]`).waitFor();
  assert.deepEqual(
    page.errors.filter((e) => !/status of 400/.test(e)),
    [],
    'no errors besides the 400',
  );
  await page.context().close();
});

function pick(counts) {
  return Object.fromEntries(BANDS.map((b) => [b, counts[b]]));
}

function chronic(counts) {
  return counts.moderate + counts.severe;
}
