// Families and students on a 360 px phone: a guardian of two children in two schools reads each
// child's year in plain words, in English and in Spanish, with the calendar of the school year;
// tells the school about an absence; signs the plan a counselor wrote; sees nothing of another
// child; and opens the page again offline. A student sees their goal and ticks a commitment.
// Every page passes axe-core. Telling the school ahead of time needs school days to come, which
// the summer has not: the app runs on SCHOOL_DAY, whatever the date.
// Run: node --test tests/browser/  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  addDays,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  pageToken,
  phonePage,
  signInWithCode,
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

const WEEKDAYS = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  es: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
};
const MONTHS = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
};

/** A date as the page writes it: `Tuesday, November 3` / `martes 3 de noviembre`. */
function longDate(iso, lang) {
  const d = new Date(`${iso}T00:00:00Z`);
  const [weekday, month, day] = [WEEKDAYS[lang][d.getUTCDay()], MONTHS[lang][d.getUTCMonth()], d.getUTCDate()];
  return lang === 'es' ? `${weekday} ${day} de ${month}` : `${weekday}, ${month} ${day}`;
}

/** Fields, buttons and links people touch are at least 44 px tall (the calendar's cells are not controls). */
async function smallTargets(page) {
  return page
    .locator('main input:not([type=checkbox]), main button, main select, main textarea, main a.button, main nav a, header select, header button')
    .evaluateAll((els) =>
      els
        .filter((el) => el.getBoundingClientRect().height < 44)
        .map((el) => `${el.dataset.testid ?? el.tagName}: ${el.getBoundingClientRect().height}px`),
    );
}

/** Nothing on the page is wider than the phone. */
async function overflowing(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => `${el.tagName}.${el.className}`),
  );
}

/** The guardian's browser storage (session cookie, what the app keeps) and first page, once signed in. */
let guardian;

/**
 * The guardian's first child's page, signed in: with a code the first time, then in a new
 * browser with the session the code gave (as a parent opens the page again). Signing in with a
 * code for every test would ask for more codes than the API sends one contact in an hour.
 */
async function guardianPage() {
  if (guardian) {
    const page = await phonePage(browser, { storageState: guardian.storage });
    await page.goto(guardian.url);
    await page.locator(byTestId('missed-sentence')).waitFor();
    return page;
  }
  const page = await phonePage(browser);
  await signInWithCode(page, app.baseUrl, DEMO.guardian);
  await page.locator(byTestId('missed-sentence')).waitFor();
  guardian = { storage: await page.context().storageState(), url: page.url() };
  return page;
}

test('a guardian reads each child’s year in plain words, switches children and language, and reads the calendar', async () => {
  const page = await guardianPage();
  const token = await pageToken(page);
  const me = await apiGet(`${app.baseUrl}/api/me`, token);
  const first = [...me.students].sort((a, b) => a.first_name.localeCompare(b.first_name))[0];
  assert.equal(new URL(page.url()).pathname, `/students/${first.id}`, 'straight to the first child by name');

  // Both children, in two schools, one tap apart.
  const switcher = page.locator(`nav ${byTestId('my-student')}`);
  assert.deepEqual(
    (await switcher.evaluateAll((els) => els.map((el) => el.dataset.studentId))).sort(),
    [...DEMO.guardianChildren].sort(),
  );
  assert.equal(await page.locator(`${byTestId('my-student')}[aria-current="page"]`).getAttribute('data-student-id'), first.id);

  // The year in words, next to what is typical for classmates, with how fresh it is.
  const elena = await apiGet(`${app.baseUrl}/api/students/${first.id}`, token);
  const sentence = await page.locator(byTestId('missed-sentence')).innerText();
  assert.ok(sentence.startsWith(elena.first_name), sentence);
  assert.doesNotMatch(sentence, /%|ADA/, 'no percentages or jargon');
  assert.equal(await page.locator(`${byTestId('band')}`).getAttribute('data-band'), elena.band);
  assert.equal(await page.locator(byTestId('comparison')).count(), elena.comparison ? 1 : 0);
  if (elena.comparison) {
    assert.match(await page.locator(byTestId('comparison')).innerText(), /^The typical .+ student at .+ has missed \d/);
  }
  assert.match(await page.locator(byTestId('as-of')).innerText(), /^As of \w+( \d{1,2})?,? \d{1,2}:\d{2} (AM|PM)$/);
  await assertNoAxeViolations(page, 'the family page');
  assert.deepEqual(await smallTargets(page), [], 'touch targets on the family page');
  assert.deepEqual(await overflowing(page), [], 'nothing wider than the phone');

  // The other child, at another school.
  const other = me.students.find((s) => s.id !== first.id);
  await page.locator(`${byTestId('my-student')}[data-student-id="${other.id}"]`).click();
  await page.waitForURL(`**/students/${other.id}`);
  await page.locator(byTestId('child-name')).filter({ hasText: other.first_name }).waitFor();
  const thanh = await apiGet(`${app.baseUrl}/api/students/${other.id}`, token);
  assert.match(await page.locator('.sub').innerText(), new RegExp(thanh.schools[0].school_name));
  assert.notEqual(thanh.schools[0].school_name, elena.schools[0].school_name, 'two schools');

  // A known absence on the calendar (the demo gives each of the family's children one in the
  // first week of school): its sign and its name in words.
  const absence = thanh.events.find((e) => e.status === 'unexcused_absence' || e.status === 'excused_absence');
  assert.ok(absence, `the demo child has an absence: ${JSON.stringify(thanh.events.slice(0, 5))}`);
  // The calendar comes last, folded: open it.
  await page.locator(`${byTestId('calendar-fold')} summary`).click();
  const cell = page.locator(`${byTestId('day')}[data-date="${absence.date}"]`);
  const [mark, sign, words] = absence.status === 'unexcused_absence'
    ? ['unexcused', 'U', 'Unexcused absence']
    : ['excused', 'E', 'Excused absence'];
  assert.equal(await cell.getAttribute('data-mark'), mark);
  assert.equal(await cell.locator('.sign').innerText(), sign, 'a letter, not colour alone');
  const name = `${longDate(absence.date, 'en')}: ${words}`;
  assert.equal(await page.getByRole('cell', { name, exact: true }).count(), 1, `a cell named “${name}”`);
  const present = thanh.school_days.find((d) => d < thanh.as_of && !thanh.events.some((e) => e.date === d));
  assert.equal(await page.locator(`${byTestId('day')}[data-date="${present}"]`).getAttribute('data-mark'), 'present');
  // The legend names every mark a day can show, once each (a day missed for two kinds of
  // reason is "mixed"), and every mark on this calendar is in it.
  const legend = await page
    .locator(`${byTestId('calendar-legend')} li .sign`)
    .evaluateAll((els) => els.map((e) => [...e.classList].find((c) => c.startsWith('m-')).slice(2)));
  assert.deepEqual(legend, ['present', 'excused', 'unexcused', 'mixed', 'suspension', 'partial', 'tardy', 'no-school', 'ahead']);
  const shown = await page
    .locator(`${byTestId('day')}[data-mark]`)
    .evaluateAll((els) => [...new Set(els.map((e) => e.dataset.mark))]);
  assert.deepEqual(shown.filter((m) => m !== 'outside' && !legend.includes(m)), [], `marks shown: ${shown}`);

  // Spanish: words, dates and the calendar, and it stays after a reload.
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('#year-heading').filter({ hasText: 'Este año escolar' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.match(await page.locator(byTestId('missed-sentence')).innerText(), new RegExp(`^${thanh.first_name} (ha faltado|no ha faltado)`));
  assert.match(await page.locator(byTestId('as-of')).innerText(), /^Datos del (lunes|martes|miércoles|jueves|viernes|sábado|domingo|\d)/);
  const fold = page.locator(byTestId('calendar-fold'));
  if ((await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  const [, month] = absence.date.split('-');
  const caption = `${MONTHS.es[Number(month) - 1][0].toUpperCase()}${MONTHS.es[Number(month) - 1].slice(1)} de ${absence.date.slice(0, 4)}`;
  assert.equal(await page.locator('caption', { hasText: caption }).count(), 1, `a calendar titled “${caption}”`);
  const nombre = `${longDate(absence.date, 'es')}: ${absence.status === 'unexcused_absence' ? 'Falta injustificada' : 'Falta justificada'}`;
  assert.equal(await page.getByRole('cell', { name: nombre, exact: true }).count(), 1, `a cell named “${nombre}”`);
  assert.equal(await cell.locator('.sign').innerText(), absence.status === 'unexcused_absence' ? 'I' : 'J');
  assert.equal(await page.locator(byTestId('sign-out')).innerText(), 'Cerrar sesión', 'the header too');
  await page.reload();
  await page.locator('#year-heading').filter({ hasText: 'Este año escolar' }).waitFor();
  await assertNoAxeViolations(page, 'the Spanish family page');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a guardian tells the school about an absence ahead of time and sees it waiting', async () => {
  const page = await guardianPage();
  const token = await pageToken(page);
  const id = new URL(page.url()).pathname.split('/').pop();
  const detail = await apiGet(`${app.baseUrl}/api/students/${id}`, token);
  const [from, to] = detail.school_days.filter((d) => d > detail.as_of);

  // The last day before the first: said before anything is sent.
  await page.locator(byTestId('report-from')).fill(to);
  await page.locator(byTestId('report-to')).fill(from);
  await page.locator(byTestId('report-submit')).click();
  assert.equal(await page.locator(byTestId('report-error')).innerText(), 'The last day cannot be before the first day.');

  await page.locator(byTestId('report-from')).fill(from);
  await page.locator(byTestId('report-to')).fill(to);
  await page.locator(byTestId('report-reason')).selectOption('medical_appointment');
  await page.locator(byTestId('report-note')).fill('Dentist in the morning');
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/students/${id}/absence-reports`) && r.request().method() === 'POST' && r.status() === 200),
    page.locator(byTestId('report-submit')).click(),
  ]);
  await page.locator(byTestId('report-sent')).waitFor();
  const row = page.locator(byTestId('report-row')).first();
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'pending');
  assert.match(await row.innerText(), /Medical appointment/);
  assert.match(await row.locator(byTestId('report-status')).innerText(), /Waiting for the school/);
  assert.match(await row.innerText(), /Dentist in the morning/);
  const reports = await apiGet(`${app.baseUrl}/api/students/${id}/absence-reports`, token);
  assert.deepEqual(
    reports.map((r) => [r.from, r.to, r.reason, r.status]),
    [[from, to, 'medical_appointment', 'pending']],
  );
  await assertNoAxeViolations(page, 'the form and the list');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

/** A plan's content as staff write it, reviewed three weeks after the app's today. */
function planContent(goal, commitments) {
  const review = addDays(app.today, 21);
  return {
    goal_max_days: goal,
    objective: 'To support the student in coming to school every day.',
    supports_tried: ['Morning check-in'],
    commitments,
    school_will: ['Check in with the family every Friday'],
    additional_supports: ['Bus pass'],
    notes: '',
    review_date: review,
  };
}

test('a guardian signs the plan the counselor wrote, and sees who signed and when', async () => {
  const counselor = await staffToken(app.baseUrl, DEMO.counselor);
  const content = planContent(5, ['I will set an alarm for a time that gets me to school on time.']);
  const saved = await apiPost(`${app.baseUrl}/api/students/S10013/plan`, { base_version: null, content }, counselor);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  const page = await guardianPage();
  await page.goto(`${app.baseUrl}/students/S10013`);
  const goal = page.locator(byTestId('plan-goal'));
  await goal.waitFor();
  assert.equal(await goal.innerText(), 'Goal: miss no more than 5 days for the rest of the year.');
  assert.match(await page.locator(byTestId('plan-review')).innerText(), /^Next review: \w+, \w+ \d{1,2}, \d{4}$/);
  assert.match(await page.locator(byTestId('plan-commitments')).innerText(), /set an alarm/);
  assert.match(await page.locator(byTestId('plan-school-will')).innerText(), /every Friday/);
  const guardian = page.locator(`${byTestId('signature')}[data-role="guardian"]`);
  assert.equal(await guardian.locator(byTestId('signature-text')).innerText(), 'Not signed yet');
  await assertNoAxeViolations(page, 'the plan');

  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/plan/sign') && r.status() === 200),
    page.locator(byTestId('sign-plan')).click(),
  ]);
  await page.locator(byTestId('signed-thanks')).waitFor();
  const signed = guardian.locator(byTestId('signature-text')).filter({ hasText: /^Signed by/ });
  await signed.waitFor();
  assert.match(await signed.innerText(), /^Signed by Elijah Gonzalez on \w+ \d{1,2}:\d{2} (AM|PM)$/);
  assert.equal(await page.locator(byTestId('sign-plan')).count(), 0, 'nothing left to sign');
  const plan = await apiGet(`${app.baseUrl}/api/students/S10013/plan`, await pageToken(page));
  assert.deepEqual(plan.plan.signatures.map((s) => [s.role, s.name]), [['guardian', 'Elijah Gonzalez']]);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a guardian who edits the address to another child sees nothing of that child', async () => {
  const page = await guardianPage();
  const other = await apiGet(`${app.baseUrl}/api/students/S10014`, await staffToken(app.baseUrl, DEMO.admin));
  await page.goto(`${app.baseUrl}/students/S10014`);
  const message = page.locator(byTestId('error-message'));
  await message.waitFor();
  assert.equal(await message.innerText(), "No student has the id 'S10014'.");
  for (const id of ['missed-sentence', 'band', 'calendar', 'plan', 'reports', 'contacts', 'access-log', 'offline-note']) {
    assert.equal(await page.locator(byTestId(id)).count(), 0, `no ${id} of someone else's child`);
  }
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes(other.last_name) && !text.includes(other.first_name), 'not even the name');
  await assertNoAxeViolations(page, 'the refusal');
  await page.context().close();
});

test('a student sees their goal and the days left, and ticks a commitment for today', async () => {
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const commitments = [
    'I will set an alarm for a time that gets me to school on time.',
    'I will have a backup plan in case I miss my bus.',
  ];
  const saved = await apiPost(
    `${app.baseUrl}/api/students/${DEMO.studentId}/plan`,
    { base_version: null, content: planContent(6, commitments) },
    admin,
  );
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  const page = await phonePage(browser);
  await signInWithCode(page, app.baseUrl, DEMO.student);
  await page.waitForURL(`**/students/${DEMO.studentId}`);
  const goal = page.locator(byTestId('goal-text'));
  await goal.waitFor();
  const token = await pageToken(page);
  const detail = await apiGet(`${app.baseUrl}/api/students/${DEMO.studentId}`, token);
  assert.equal(await page.locator('h1').innerText(), `Hi, ${detail.first_name}!`);
  assert.equal(await goal.innerText(), 'My goal: miss no more than 6 days for the rest of the year.');
  // Nothing missed since the plan was written today: all six left.
  assert.equal(await page.locator(byTestId('goal-left')).innerText(), 'You have 6 days left.');
  assert.match(await page.locator(byTestId('streak-best')).innerText(), new RegExp(`: ${detail.streak.best} days in a row\\.$`));
  assert.equal(await page.locator(byTestId('recognition')).count(), detail.trend?.direction === 'better' ? 1 : 0);
  assert.match(await page.locator(byTestId('missed-sentence')).innerText(), /^You have (not )?missed/);

  const boxes = page.locator(byTestId('commitment'));
  assert.equal(await boxes.count(), 2);
  assert.equal(await boxes.nth(1).isChecked(), false);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/plan/ticks') && r.status() === 200),
    page.getByLabel(commitments[1]).check(),
  ]);
  const plan = await apiGet(`${app.baseUrl}/api/students/${DEMO.studentId}/plan`, token);
  assert.deepEqual(plan.ticked_today, [1]);
  await page.reload();
  await boxes.first().waitFor();
  assert.equal(await boxes.nth(1).isChecked(), true, 'still ticked after a reload');
  assert.equal(await boxes.nth(0).isChecked(), false);
  // The built-in commitments read in the student's language, as on the family page.
  await page.locator(byTestId('language')).selectOption('es');
  await page.getByLabel('Tendré un plan de respaldo por si pierdo el autobús.').waitFor();
  assert.equal(
    await page.getByLabel('Pondré una alarma a una hora que me permita llegar a la escuela a tiempo.').isChecked(),
    false,
  );
  assert.equal(await page.getByLabel('Tendré un plan de respaldo por si pierdo el autobús.').isChecked(), true);
  await page.locator(byTestId('language')).selectOption('en');
  await page.getByLabel(commitments[1]).waitFor();
  await assertNoAxeViolations(page, 'the student page');
  assert.deepEqual(await smallTargets(page), [], 'touch targets on the student page');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('after a first visit the family page opens offline with its figures, how fresh they are, and an offline note', async () => {
  const page = await guardianPage();
  // The service worker takes over after the first load; the page keeps its answers itself.
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 30_000 });
  await page.waitForFunction(async () => (await (await caches.open('showup-data')).keys()).length >= 4);
  const sentence = await page.locator(byTestId('missed-sentence')).innerText();
  const asOf = await page.locator(byTestId('as-of')).innerText();

  // No network. Chromium's offline emulation does not reach the service worker again after a
  // reload, so the server goes away too: nothing can answer but what the phone kept.
  await page.context().setOffline(true);
  await app.serverDown();
  try {
    await page.reload();
    await page.locator(byTestId('missed-sentence')).waitFor();
    assert.equal(await page.locator(byTestId('missed-sentence')).innerText(), sentence);
    assert.equal(await page.locator(byTestId('as-of')).innerText(), asOf);
    assert.match(
      await page.locator(byTestId('offline-note')).innerText(),
      /^⚠ You are offline\. This is what this phone saved on \w+ \d{1,2}:\d{2} (AM|PM);/,
    );
    await page.locator(byTestId('plan')).waitFor();
    assert.ok((await page.locator(`${byTestId('calendar')} ${byTestId('day')}`).count()) > 100, 'the calendar too');
    await page.locator(`${byTestId('access-log')} :is(li, .empty)`).first().waitFor();
    await assertNoAxeViolations(page, 'the offline page');
  } finally {
    await app.serverUp();
    await page.context().setOffline(false);
  }

  // Back online: fresh figures, no note.
  await page.reload();
  await page.locator(byTestId('missed-sentence')).waitFor();
  assert.equal(await page.locator(byTestId('offline-note')).count(), 0);
  const offline = (e) => /ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|ERR_FAILED|Failed to fetch/.test(e);
  assert.deepEqual(page.errors.filter((e) => !offline(e)), [], 'no console errors but the requests that found no network');
  await page.context().close();
});

test('a guardian reads the days left first, then the plan, who to call and the form; the calendar last and folded', async () => {
  const page = await guardianPage();
  const token = await pageToken(page);
  const id = new URL(page.url()).pathname.split('/').pop();
  const detail = await apiGet(`${app.baseUrl}/api/students/${id}`, token);
  const left = page.locator(byTestId('days-left'));
  await left.waitFor();
  const chronic = detail.allowance_chronic;
  const sentence = await page.locator(byTestId('days-left-chronic')).innerText();
  if (chronic.kind === 'can_miss' && chronic.days > 0) {
    const days = chronic.days === 1 ? '1 day' : `${chronic.days} days`;
    assert.equal(sentence, `${detail.first_name} can miss ${days} more and still finish the year under 10% (chronic absence).`);
  } else {
    assert.match(sentence, /every school day|10% or more|no school days left/);
  }
  // In the order a parent needs them: status, days left, plan, who to call, telling the school, calendar.
  await page.locator(byTestId('plan')).waitFor();
  const order = await page.evaluate(() =>
    ['missed-sentence', 'days-left', 'plan', 'contacts', 'reports', 'calendar-fold'].map((t) => {
      const el = document.querySelector(`[data-testid="${t}"]`);
      return el ? el.getBoundingClientRect().top + window.scrollY : null;
    }),
  );
  assert.ok(order.every((y) => y !== null), `every part is there: ${order}`);
  assert.deepEqual([...order].sort((a, b) => a - b), order, `in order: ${order}`);
  assert.equal(await page.locator(byTestId('calendar-fold')).getAttribute('open'), null, 'folded');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: 'target/screenshots/family-days-left-en.png', fullPage: true });

  // A weekend is not a school day: said in the family's language, with its year, before sending.
  const saturday = detail.school_days.map((d) => addDays(d, 1)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6);
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator(byTestId('days-left')).filter({ hasText: '¿Cuántos días más' }).waitFor();
  assert.match(await page.locator(byTestId('days-left-chronic')).innerText(), /10 %|días de clase/);
  await page.locator(byTestId('report-from')).fill(saturday);
  await page.locator(byTestId('report-to')).fill(saturday);
  await page.locator(byTestId('report-submit')).click();
  const error = await page.locator(byTestId('report-error')).innerText();
  assert.match(error, new RegExp(`^sábado \\d{1,2} de \\w+ de ${saturday.slice(0, 4)} no es día de clase`));
  // The API refuses it too, with its own code.
  const refused = await apiPost(`${app.baseUrl}/api/students/${id}/absence-reports`, { from: saturday, to: saturday, reason: 'illness' }, token);
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 'not_a_school_day');
  await page.screenshot({ path: 'target/screenshots/family-days-left-es.png', fullPage: true });
  assert.ok(height < 6100, `shorter than the 6,100 px of before: ${height}`);
  assert.deepEqual(await overflowing(page), [], 'nothing wider than the phone');
  await assertNoAxeViolations(page, 'the reordered family page');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});
