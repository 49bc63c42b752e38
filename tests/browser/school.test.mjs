// The school's working pages on a 360 px phone, each checked against the API's own figures:
// the outreach protocol measure on the queue, closing and reopening a case (with a conflict),
// connections (marking one's own, asking someone to build one), the chronic list by grade,
// and objectives set by a school leader and a district admin. Every page passes axe-core.
// Run: node --test tests/browser/school.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  percentBp,
  phonePage,
  signInAsStaff,
  smallTargets,
  staffToken,
  addDays,
  startAppAndBrowser,
} from './harness.mjs';

const LEADER = 'priya.raman@lincoln.example.org';

let app;
let browser;

startAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** Fields and buttons people touch are at least 44 px tall. */
const TARGETS = 'main input:not([type=checkbox]):not([type=radio]), main button, main select, main summary';

function noExceptions(page) {
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
}

const api = (path) => `${app.baseUrl}/api${path}`;

test('the queue says how many flagged students were contacted in time, as the API counts them', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const before = await apiGet(api('/schools/E-101/outreach/measure'), token);
  // A flagged student not yet reached is reached today: in time if their days are still running,
  // late if they ran out.
  const pending = before.students.find((s) => s.outcome === 'waiting' || s.outcome === 'missed');
  if (pending) {
    const logged = await apiPost(
      api(`/students/${pending.student_id}/contacts`),
      { method: 'phone', at: `${before.today}T09:00:00`, outcome: 'reached' },
      token,
    );
    assert.equal(logged.status, 200);
  }
  const m = await apiGet(api('/schools/E-101/outreach/measure'), token);
  if (pending) {
    const now = m.students.find((s) => s.student_id === pending.student_id);
    assert.equal(now.outcome, pending.outcome === 'waiting' ? 'in_time' : 'late');
    assert.equal(now.first_contact_on, before.today);
  }
  const due = m.in_time + m.late + m.missed;
  assert.equal(due + m.waiting, m.flagged);

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-queue')).click();
  await page.waitForURL('**/queue**');
  const share = page.locator(byTestId('measure-share'));
  await share.waitFor();
  const days = m.contact_within_school_days;
  const expected =
    m.share_in_time_bp === null
      ? `No flagged student has reached the end of their ${days} school days yet.`
      : `${m.in_time} of ${due} flagged students were contacted within ${days} school days (${percentBp(m.share_in_time_bp)}).`;
  assert.equal(await share.innerText(), expected);
  assert.equal(await share.getAttribute('data-share-bp'), m.share_in_time_bp === null ? null : String(m.share_in_time_bp));
  assert.equal(
    await page.locator(byTestId('measure-counts')).innerText(),
    `Flagged in the last ${m.window_days} days: ${m.flagged}. In time ${m.in_time} · late ${m.late} · not contacted ${m.missed} · still within the days ${m.waiting}.`,
  );
  if (m.students.length > 0) {
    await page.locator(byTestId('measure-toggle')).click();
    const rows = page.locator(byTestId('measure-row'));
    await rows.first().waitFor();
    assert.deepEqual(
      await rows.evaluateAll((els) => els.map((e) => [e.dataset.studentId, e.dataset.outcome])),
      m.students.map((s) => [s.student_id, s.outcome]),
      'each flagged student, in the API order, with what came of it',
    );
  }
  await assertNoAxeViolations(page, 'the queue with the measure');
  assert.deepEqual(await smallTargets(page, TARGETS), [], 'touch targets on the queue');

  // In Spanish too.
  await page.evaluate(() => localStorage.setItem('showup.language', 'es'));
  await page.reload();
  await share.waitFor();
  assert.match(await share.innerText(), m.share_in_time_bp === null ? /Ningún alumno señalado/ : new RegExp(`^Se contactó a ${m.in_time} de ${due} alumnos señalados`));
  await page.evaluate(() => localStorage.setItem('showup.language', 'en'));
  noExceptions(page);
  await page.context().close();
});

test('a counselor closes a case, meets a conflict when reopening it, and sees the case as it is', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const id = 'S10013';
  const start = await apiGet(api(`/students/${id}/case`), token);
  assert.equal(start.status, 'open');

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/students/${id}/case`);
  const status = page.locator(byTestId('case-status'));
  await status.waitFor();
  assert.equal(await status.getAttribute('data-status'), 'open');
  assert.equal(await status.getAttribute('data-version'), String(start.version));
  assert.equal(await status.innerText(), 'This case is open.');
  await assertNoAxeViolations(page, 'the case page with its status');
  assert.deepEqual(await smallTargets(page, TARGETS), [], 'touch targets on the case page');

  await page.locator(byTestId('case-status-change')).click();
  await page.locator(byTestId('case-status-outcome')).filter({ hasText: 'The case is closed.' }).waitFor();
  await page.locator(`${byTestId('case-status')}[data-status="closed"]`).waitFor();
  const closed = await apiGet(api(`/students/${id}/case`), token);
  assert.equal(closed.status, 'closed');
  assert.equal(closed.version, start.version + 1);
  assert.equal(closed.updated_by_name, 'Luis Medina');
  assert.equal(await page.locator(byTestId('case-status-change')).innerText(), 'Reopen the case');

  // Someone else reopens it meanwhile; this page still shows it closed, at the old version.
  const other = await apiPost(api(`/students/${id}/case/status`), { status: 'open', version: closed.version }, token);
  assert.equal(other.status, 200);
  await page.locator(byTestId('case-status-change')).click();
  const conflict = page.locator(byTestId('case-status-outcome'));
  await conflict.filter({ hasText: /changed this case first/ }).waitFor();
  assert.match(await conflict.innerText(), /Nothing was saved.*It is open now\.$/s);
  assert.equal(await conflict.getAttribute('role'), 'alert');
  // The case is read again: open, at the version the other change made.
  await page.locator(`${byTestId('case-status')}[data-status="open"][data-version="${closed.version + 1}"]`).waitFor();
  const after = await apiGet(api(`/students/${id}/case`), token);
  assert.deepEqual([after.status, after.version], ['open', closed.version + 1], 'the refused change wrote nothing');
  await assertNoAxeViolations(page, 'the case page after a conflict');
  noExceptions(page);
  await page.context().close();
});

test('connections: students with no trusted adult first; staff mark and unmark their own; a builder is asked', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const map = await apiGet(api('/schools/E-101/connections'), token);
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-connections')).click();
  await page.waitForURL('**/connections**');
  const rows = page.locator(byTestId('connection-row'));
  await rows.first().waitFor();
  const counts = page.locator(byTestId('connections-counts'));
  const countsText = (n, risk) => `${map.school_name} · ${n} without a trusted adult, ${risk} of them at risk or chronically absent`;
  assert.equal(await counts.innerText(), countsText(map.without_connection, map.at_risk_or_chronic_without));
  assert.deepEqual(
    await rows.evaluateAll((els) => els.map((e) => [e.dataset.studentId, e.dataset.none, e.classList.contains('alone')])),
    map.students.map((s) => [s.student_id, String(s.no_connection), s.no_connection]),
    'every student in the API order, those with no trusted adult highlighted',
  );
  // The worst band first among those with none: the first row is at risk or chronic.
  const first = map.students[0];
  assert.ok(first.no_connection && first.band !== 'satisfactory', 'an at-risk or chronic student without a trusted adult leads');
  await assertNoAxeViolations(page, 'the connections page');
  assert.deepEqual(await smallTargets(page, TARGETS), [], 'touch targets on the connections page');

  // Marking one's own connection: the row and the counts follow, and the API has it.
  const row = page.locator(`${byTestId('connection-row')}[data-student-id="${first.student_id}"]`);
  const name = `${first.first_name} ${first.last_name}`;
  const toggle = row.locator(byTestId('connection-toggle'));
  assert.equal(await toggle.innerText(), "I'm a trusted adult");
  assert.equal(await toggle.getAttribute('aria-label'), `I'm a trusted adult for ${name}`);
  await row.locator(byTestId('connection-toggle')).click();
  await row.locator(byTestId('connection-row-outcome')).filter({ hasText: `Marked: you are a trusted adult for ${name}.` }).waitFor();
  assert.equal(await row.getAttribute('data-none'), 'false');
  assert.equal(await row.locator(byTestId('connection-who')).innerText(), `Luis Medina ${await row.locator('.badge').innerText()}`);
  assert.equal(await counts.innerText(), countsText(map.without_connection - 1, map.at_risk_or_chronic_without - 1));
  let theirs = await apiGet(api(`/students/${first.student_id}/connections`), token);
  assert.deepEqual(theirs.connections.map((c) => c.staff.staff_id), ['C-101']);
  const reread = await apiGet(api('/schools/E-101/connections'), token);
  assert.equal(reread.without_connection, map.without_connection - 1);

  // And unmarking it.
  assert.equal(await toggle.innerText(), 'Remove my connection');
  assert.equal(await toggle.getAttribute('aria-label'), `Remove my connection with ${name}`);
  assert.equal(await toggle.getAttribute('data-mine'), 'true');
  await row.locator(byTestId('connection-toggle')).click();
  await row.locator(byTestId('connection-row-outcome')).filter({ hasText: `Your connection with ${name} is removed.` }).waitFor();
  assert.equal(await row.getAttribute('data-none'), 'true');
  assert.equal(await counts.innerText(), countsText(map.without_connection, map.at_risk_or_chronic_without));
  theirs = await apiGet(api(`/students/${first.student_id}/connections`), token);
  assert.deepEqual(theirs.connections, []);

  // Asking the homeroom teacher to build one, picked by name (no staff id to know), then no one.
  await row.locator(byTestId('connection-find')).click();
  assert.equal(await row.locator(byTestId('connection-find')).getAttribute('aria-expanded'), 'true');
  const picker = row.locator(byTestId('connection-builder-staff'));
  await picker.locator('option[value="T-101"]').waitFor({ state: 'attached' });
  assert.match(await picker.locator('option[value="T-101"]').innerText(), /^Grace Okafor \(/);
  await picker.selectOption('T-101');
  await row.locator(byTestId('connection-ask')).click();
  await row.locator(byTestId('connection-row-outcome')).filter({ hasText: `Grace Okafor is asked to build a connection with ${name}.` }).waitFor();
  assert.equal(await row.locator(byTestId('connection-builder')).innerText(), 'Grace Okafor is building a connection');
  theirs = await apiGet(api(`/students/${first.student_id}/connections`), token);
  assert.equal(theirs.builder.staff.staff_id, 'T-101');
  assert.equal(theirs.builder.assigned_by_name, 'Luis Medina');
  await assertNoAxeViolations(page, 'the connections page with a form open');
  await row.locator(byTestId('connection-ask-nobody')).click();
  await row.locator(byTestId('connection-row-outcome')).filter({ hasText: `No one is asked to build a connection with ${name} now.` }).waitFor();
  assert.equal(await row.locator(byTestId('connection-builder')).innerText(), '');
  theirs = await apiGet(api(`/students/${first.student_id}/connections`), token);
  assert.equal(theirs.builder, null);
  noExceptions(page);
  await page.context().close();

  // A teacher marks their own connection for a student of their homeroom; they ask no one.
  const teacher = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(teacher, app.baseUrl, DEMO.teacher);
  await teacher.locator(byTestId('nav-connections')).click();
  const theirRows = teacher.locator(byTestId('connection-row'));
  await theirRows.first().waitFor();
  assert.equal(await teacher.locator(byTestId('connection-find')).count(), 0, 'teachers do not assign builders');
  const pick = await theirRows.first().getAttribute('data-student-id');
  assert.equal(await theirRows.first().locator(byTestId('connection-student')).getAttribute('href'), `/students/${pick}`);
  await theirRows.first().locator(byTestId('connection-toggle')).click();
  await theirRows.first().locator(byTestId('connection-row-outcome')).filter({ hasText: /^Marked/ }).waitFor();
  const marked = await apiGet(api(`/students/${pick}/connections`), await staffToken(app.baseUrl, DEMO.teacher));
  assert.deepEqual(marked.connections.map((c) => c.staff.name), ['Grace Okafor']);
  await assertNoAxeViolations(teacher, "the teacher's connections page");
  noExceptions(teacher);
  await teacher.context().close();
});

test("a school leader reads the chronic list by grade and opens a student's case from it", async () => {
  const token = await staffToken(app.baseUrl, LEADER);
  const list = await apiGet(api('/schools/H-301/chronic-list'), token);
  const all = list.grades.flatMap((g) => g.students);
  assert.ok(all.length > 0, 'the demo high school has chronically absent students');
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, LEADER);
  await page.locator(byTestId('nav-chronic')).click();
  await page.waitForURL('**/chronic-list');
  const rows = page.locator(byTestId('chronic-row'));
  await rows.first().waitFor();
  assert.equal(await page.locator(byTestId('chronic-count')).innerText(), `${all.length} students in all`);
  assert.deepEqual(
    await page.locator(byTestId('chronic-grade')).evaluateAll((els) => els.map((e) => e.dataset.grade)),
    list.grades.map((g) => g.grade),
  );
  assert.deepEqual(
    await rows.evaluateAll((els) => els.map((e) => e.dataset.studentId)),
    all.map((s) => s.id),
    'by grade, the highest share missed first, as the API lists them',
  );
  for (const s of all) assert.ok(['moderate', 'severe'].includes(s.band), 'only chronic students');
  const top = all[0];
  const missed = await rows.first().locator(byTestId('chronic-missed')).innerText();
  assert.match(missed, new RegExp(`^Missed [\\d.]+ days? of ${top.totals.days_enrolled} \\(\\d+\\.\\d%\\)`));
  // The days missed at this school, as the API counts them (ten-thousandths of a day).
  const shown = Number(missed.match(/^Missed ([\d.]+)/)[1]);
  assert.ok(Math.abs(shown - top.totals.absent_units / 10000) < 0.01, `${missed}: ${top.totals.absent_units} units`);
  const rate = Math.floor(top.totals.absent_units / (top.totals.days_enrolled * 10));
  assert.ok(missed.includes(`(${Math.floor(rate / 10)}.${rate % 10}%)`), `${missed}: the rate rounded down`);
  await assertNoAxeViolations(page, 'the chronic list');
  assert.deepEqual(await smallTargets(page, TARGETS), [], 'touch targets on the chronic list');

  await rows.first().click();
  await page.waitForURL(`**/students/${top.id}/case`);
  await page.locator(byTestId('case-status')).waitFor();
  assert.match(await page.locator('h1').innerText(), new RegExp(`${top.first_name} ${top.last_name}`));
  noExceptions(page);
  await page.context().close();
});

/** A day about half a year after the app's today, as YYYY-MM-DD. */
function halfAYearAhead() {
  return addDays(app.today, 180);
}

test('a school leader and a district admin set objectives; progress is shown against the current figure', async () => {
  const leader = await staffToken(app.baseUrl, LEADER);
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, LEADER);
  await page.locator(byTestId('nav-objectives')).click();
  await page.waitForURL('**/objectives');
  await page.locator(byTestId('objectives-empty')).waitFor();
  await assertNoAxeViolations(page, 'the objectives page, empty');
  assert.deepEqual(await smallTargets(page, TARGETS), [], 'touch targets on the objectives form');

  // Out of range: refused in the page, nothing sent.
  await page.locator(byTestId('objective-reduce')).fill('0');
  await page.locator(byTestId('objective-save')).click();
  await page.locator(byTestId('objective-outcome')).filter({ hasText: 'Write a whole number from 1 to 100.' }).waitFor();

  // Grade 9, a third less by the chosen day.
  const by = halfAYearAhead();
  await page.locator(byTestId('objective-scope')).selectOption('grade');
  await page.locator(byTestId('objective-grade')).selectOption('9');
  await page.locator(byTestId('objective-reduce')).fill('33');
  await page.locator(byTestId('objective-by')).fill(by);
  await page.locator(byTestId('objective-note')).fill('Mentors for every 9th grader.');
  await page.locator(byTestId('objective-save')).click();
  const card = page.locator(byTestId('objective'));
  await card.first().waitFor();
  const { objectives } = await apiGet(api('/schools/H-301/objectives'), leader);
  assert.equal(objectives.length, 1);
  const p = objectives[0];
  assert.deepEqual(p.objective.scope, { kind: 'grade', grade: '9' });
  assert.equal(p.objective.reduce_by_pct, 33);
  assert.equal(p.objective.by_date, by);
  assert.equal(p.objective.note, 'Mentors for every 9th grader.');
  const from = percentBp(p.objective.baseline.chronic_rate_bp);
  const to = percentBp(p.target_rate_bp);
  await page.locator(byTestId('objective-outcome')).filter({ hasText: `Objective set: from ${from} to ${to} or less.` }).waitFor();
  assert.equal(await card.getAttribute('data-id'), p.objective.id);
  assert.equal(await card.locator(byTestId('objective-from-to')).innerText(), `From ${from} to ${to} or less`);
  assert.match(await card.locator(byTestId('objective-statement')).innerText(), /^By .+, reduce chronic absence in 9th grade by 33%\.$/);
  assert.equal(
    await card.locator(byTestId('objective-baseline')).innerText(),
    `When set: ${from} chronically absent (${p.objective.baseline.chronic} of ${p.objective.baseline.students} students).`,
  );
  assert.equal(
    await card.locator(byTestId('objective-now')).innerText(),
    `Now: ${percentBp(p.current.chronic_rate_bp)} (${p.current.chronic} of ${p.current.students} students).`,
  );
  assert.equal(await card.locator(byTestId('objective-met')).getAttribute('data-met'), String(p.met));
  if (p.progress_pct === null) {
    assert.equal(await card.locator(byTestId('objective-progress')).innerText(), 'There was no chronic absence to reduce when it was set.');
  } else {
    assert.equal(await card.locator(byTestId('objective-progress')).innerText(), `${p.progress_pct}% of the planned reduction done`);
  }
  await assertNoAxeViolations(page, 'the objectives page with an objective');
  noExceptions(page);
  await page.context().close();

  // A district admin chooses Maple and sets a school-wide objective; the counselor there reads it.
  const admin = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(admin, app.baseUrl, DEMO.admin);
  await admin.locator(byTestId('nav-objectives')).click();
  await admin.locator(`${byTestId('school-link')}[href="/objectives?school=E-101"]`).click();
  await admin.locator(byTestId('objectives-empty')).waitFor();
  await admin.locator(byTestId('objective-reduce')).fill('25');
  await admin.locator(byTestId('objective-by')).fill(by);
  await admin.locator(byTestId('objective-save')).click();
  await admin.locator(byTestId('objective')).waitFor();
  const counselor = await staffToken(app.baseUrl, DEMO.counselor);
  const maple = (await apiGet(api('/schools/E-101/objectives'), counselor)).objectives;
  assert.equal(maple.length, 1);
  assert.deepEqual(maple[0].objective.scope, { kind: 'school' });
  assert.equal(maple[0].objective.set_by_name, 'Sam Castillo');
  assert.equal(
    await admin.locator(byTestId('objective-from-to')).innerText(),
    `From ${percentBp(maple[0].objective.baseline.chronic_rate_bp)} to ${percentBp(maple[0].target_rate_bp)} or less`,
  );
  await assertNoAxeViolations(admin, "the admin's objectives page");
  noExceptions(admin);
  await admin.context().close();

  const reader = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(reader, app.baseUrl, DEMO.counselor);
  await reader.locator(byTestId('nav-objectives')).click();
  await reader.locator(byTestId('objective')).waitFor();
  await reader.locator(byTestId('objectives-leaders-only')).waitFor();
  assert.equal(await reader.locator(byTestId('objective-form')).count(), 0, 'counselors read objectives, leaders set them');
  assert.match(await reader.locator(byTestId('objective-statement')).innerText(), /reduce the school's chronic absence by 25%/);
  await assertNoAxeViolations(reader, "the counselor's objectives page");
  noExceptions(reader);
  await reader.context().close();
});

test('a teacher opening roll on a Saturday gets Friday’s roll, said kindly, in both languages', async () => {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.teacher);
  const token = await staffToken(app.baseUrl, DEMO.teacher);
  const friday = await apiGet(api('/roll'), token);
  // The Saturday after a school day of the demo year (a Friday, or the day before a holiday).
  const saturday = [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(friday.date, n)).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 6);
  await page.goto(`${app.baseUrl}/roll?date=${saturday}`);
  const moved = page.locator(byTestId('roll-moved'));
  await moved.waitFor();
  const sheet = await apiGet(api(`/roll?date=${saturday}`), token);
  assert.equal(sheet.asked, saturday);
  assert.ok(sheet.date < saturday, `an earlier school day: ${sheet.date}`);
  assert.match(await moved.innerText(), new RegExp(`^Saturday, \\w+ \\d{1,2}, ${saturday.slice(0, 4)} is not a school day; showing \\w+, \\w+ \\d{1,2}, \\d{4}\\.$`));
  assert.equal(await page.locator(byTestId('error-message')).count(), 0, 'no red error');
  await page.screenshot({ path: 'target/screenshots/roll-saturday-en.png', fullPage: true });
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator(byTestId('roll-moved')).filter({ hasText: 'no es día de clase; se muestra el' }).waitFor();
  assert.match(await page.locator(byTestId('roll-moved')).innerText(), /^sábado \d{1,2} de \w+ de \d{4} no es día de clase/);
  await page.screenshot({ path: 'target/screenshots/roll-saturday-es.png', fullPage: true });
  await assertNoAxeViolations(page, 'roll on a Saturday');
  noExceptions(page);
  await page.context().close();
});

test('the district page says why the schools add up to more than the district', async () => {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  const overview = await apiGet(api('/schools'), await staffToken(app.baseUrl, DEMO.admin));
  const count = (c) => c.satisfactory + c.at_risk + c.moderate + c.severe;
  const sum = overview.schools.reduce((n, s) => n + count(s.counts), 0);
  const district = count(overview.district);
  await page.goto(`${app.baseUrl}/`);
  await page.locator(byTestId('district-totals')).waitFor();
  const note = page.locator(byTestId('sum-note'));
  if (sum === district) {
    assert.equal(await note.count(), 0, 'nothing to explain');
  } else {
    assert.equal(
      await note.innerText(),
      `The schools below add up to ${sum} students and the district has ${district}: a student who changed school this year is counted at each school they attended, and once in the district.`,
    );
  }
  assert.notEqual(sum, district, 'the demo has students who changed school');
  noExceptions(page);
  await page.context().close();
});
