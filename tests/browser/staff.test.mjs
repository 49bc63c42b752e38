// The staff side on a 360 px phone and at desktop width: a teacher takes roll (saving twice
// changes nothing); a counselor writes a plan, signs it, prints it, meets a conflict without
// losing a word, and sees the guardian's signature; a district admin uploads attendance (dry
// run, apply, undo); the counselor works the outreach queue: a failed call, a home visit with
// barriers, a Tier 2 intervention. Every page passes axe-core. A teacher takes roll only in a
// week school meets, which the summer and the holidays are not: the app runs on SCHOOL_DAY,
// whatever the date.
// Run: node --test tests/browser/  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  STAFF_TARGETS,
  addDays,
  apiGet,
  apiGetAny,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  codeFromOutbox,
  desktopPage,
  percentBp,
  phonePage,
  signInAsStaff,
  smallTargets,
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

/** The roll's day: today if school meets, else the latest school day of this week. */
async function rollDay() {
  const token = await staffToken(app.baseUrl, DEMO.teacher);
  const today = await apiGetAny(`${app.baseUrl}/api/roll`, token);
  if (today.status === 200) return '';
  const detail = await apiGet(`${app.baseUrl}/api/students/S10013`, await staffToken(app.baseUrl, DEMO.admin));
  return detail.school_days.filter((d) => d <= app.today).at(-1);
}

async function takeRoll(page, day, index) {
  await signInAsStaff(page, app.baseUrl, DEMO.teacher);
  await page.locator(byTestId('nav-roll')).click();
  await page.waitForURL('**/roll**');
  if (day) await page.goto(`${app.baseUrl}/roll?date=${day}&homeroom=E-101-3`);
  const rows = page.locator(byTestId('roll-row'));
  await rows.first().waitFor();
  assert.match(await page.locator('h1').innerText(), /E-101-3/);
  await assertNoAxeViolations(page, 'the roll');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on the roll');

  const present = page.locator(`${byTestId('roll-row')}[data-status="present"]`);
  const id = await present.nth(index).getAttribute('data-student-id');
  const row = page.locator(`${byTestId('roll-row')}[data-student-id="${id}"]`);
  await row.locator(byTestId('roll-mark')).click();
  assert.equal(await row.getAttribute('data-status'), 'unexcused_absence');
  assert.equal(await row.locator(byTestId('roll-status')).innerText(), 'Unexcused absence');
  // "⋯" opens every choice; the row says it in words.
  await row.locator(byTestId('roll-more')).click();
  assert.equal(await row.locator(byTestId('roll-more')).getAttribute('aria-expanded'), 'true');
  await row.locator(byTestId('roll-reason')).fill('no word from home');
  await assertNoAxeViolations(page, 'the roll with a row open');

  await page.locator(byTestId('roll-save')).click();
  await page.locator(byTestId('roll-outcome')).filter({ hasText: /^Roll saved: 1 change\.$/ }).waitFor();
  const token = await staffToken(app.baseUrl, DEMO.teacher);
  const sheet = await apiGet(`${app.baseUrl}/api/roll?homeroom=E-101-3${day ? `&date=${day}` : ''}`, token);
  const saved = sheet.students.find((s) => s.student_id === id);
  assert.equal(saved.status, 'unexcused_absence');
  assert.equal(saved.reason, 'no word from home');
  assert.ok(sheet.taken, 'the roll is marked taken');

  // The sheet is drawn again from the API; saving the same roll changes nothing.
  await page.locator(`${byTestId('roll-row')}[data-student-id="${id}"][data-status="unexcused_absence"]`).waitFor();
  await page.locator(byTestId('roll-taken')).filter({ hasText: /Taken by Grace Okafor/ }).waitFor();
  await page.locator(byTestId('roll-save')).click();
  await page.locator(byTestId('roll-outcome')).filter({ hasText: /No changes/ }).waitFor();
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
}

test('a teacher takes roll on a phone: one absent, saved, saved again with no changes', async () => {
  await takeRoll(await phonePage(browser, { timeout: 60_000 }), await rollDay(), 0);
});

test('a teacher takes roll at desktop width too', async () => {
  await takeRoll(await desktopPage(browser), await rollDay(), 1);
});

/** Signs the guardian of S10013 in through the API, with a code from the outbox. */
async function guardianToken() {
  await apiPost(`${app.baseUrl}/api/auth/code`, { contact: DEMO.guardian });
  const code = await codeFromOutbox(app.baseUrl, DEMO.guardian);
  const { status, token } = await apiPost(`${app.baseUrl}/api/auth/code/verify`, { contact: DEMO.guardian, code });
  assert.equal(status, 200);
  return token;
}

test('a counselor writes a plan, signs it, meets a conflict without losing a word, prints it; the guardian signs', async () => {
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/students/S10013`);
  await page.locator(byTestId('student-plan-link')).click();
  await page.waitForURL('**/students/S10013/plan');
  await page.locator(byTestId('plan-form')).waitFor();
  await page.locator(byTestId('plan-none')).waitFor();
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const view = await apiGet(`${app.baseUrl}/api/students/S10013/plan`, token);
  assert.equal(await page.locator(byTestId('plan-goal')).inputValue(), String(view.suggested_goal), 'the suggested goal');
  // The hint says which goal it is: under 10% for the year, or (out of reach) for the days left.
  const hint = await page.locator('#plan-goal-hint').innerText();
  if (view.goal.kind === 'rest_under') assert.match(hint, /^Under 10% for the year is out of reach/);
  else assert.match(hint, /the most that keeps the year under 10%/);
  assert.match(await page.locator(byTestId('plan-objective')).inputValue(), /^To support the student/);
  await assertNoAxeViolations(page, 'the plan editor');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on the plan editor');

  await page.locator(byTestId('plan-tried')).fill('Morning phone call\nBus pass');
  await page.locator(byTestId('plan-strategy')).nth(4).check();
  await page.locator(byTestId('plan-own')).fill('I will pack my bag the night before.');
  await page.locator(byTestId('plan-school-will')).fill('Check in every morning');
  await page.locator(byTestId('plan-supports')).fill('Aunt drives on Tuesdays');
  await page.locator(byTestId('plan-notes')).fill('Agreed at the family meeting.');
  // The review date the page suggests counts from the browser's date, which is not the app's
  // day when SCHOOL_DAY differs from the machine's: four weeks from the app's day.
  await page.locator(byTestId('plan-review')).fill(addDays(app.today, 28));
  await page.locator(byTestId('plan-save')).click();
  await page.locator(byTestId('plan-outcome')).filter({ hasText: 'Saved as version 1.' }).waitFor();
  const current = page.locator(byTestId('plan-current'));
  await current.waitFor();
  assert.equal(await current.getAttribute('data-version'), '1');
  assert.deepEqual(
    await current.locator(`${byTestId('doc-commitments')} li`).allInnerTexts(),
    [view.strategies[4], 'I will pack my bag the night before.'],
  );

  // Staff sign: the version is locked, and says who signed.
  await page.locator(byTestId('sign-plan')).click();
  const staffSig = page.locator(`${byTestId('signature')}[data-role="staff"]`);
  await staffSig.filter({ hasText: /Signed by Luis Medina/ }).waitFor();
  await page.locator(byTestId('plan-locked')).waitFor();

  // Someone else saves version 2 meanwhile; this page still builds on version 1.
  const content = (await apiGet(`${app.baseUrl}/api/students/S10013/plan`, token)).plan.content;
  const other = await apiPost(
    `${app.baseUrl}/api/students/S10013/plan`,
    { base_version: 1, content: { ...content, notes: 'Their note from the office.' } },
    token,
  );
  assert.equal(other.status, 200);
  await page.locator(byTestId('plan-notes')).fill('My note, typed on the visit.');
  await page.locator(byTestId('plan-save')).click();
  const conflict = page.locator(byTestId('plan-conflict'));
  await conflict.waitFor();
  assert.match(await page.locator(byTestId('plan-outcome')).innerText(), /Someone else saved this plan first/);
  assert.equal(await conflict.locator(byTestId('doc-notes')).innerText(), 'Their note from the office.');
  assert.equal(await page.locator(byTestId('plan-notes')).inputValue(), 'My note, typed on the visit.', 'nothing lost');
  await assertNoAxeViolations(page, 'the plan with a conflict');
  await page.locator(byTestId('plan-save')).click();
  await page.locator(byTestId('plan-outcome')).filter({ hasText: 'Saved as version 3.' }).waitFor();
  await page.locator(`${byTestId('plan-current')}[data-version="3"]`).waitFor();
  await page.locator(byTestId('plan-versions')).filter({ hasText: '1, 2, 3' }).waitFor();

  // The guardian signs version 3 (through the API); the counselor sees it signed.
  const signed = await apiPost(`${app.baseUrl}/api/students/S10013/plan/sign`, { version: 3 }, await guardianToken());
  assert.equal(signed.status, 200);
  await page.reload();
  const guardianSig = page.locator(`${byTestId('signature')}[data-role="guardian"]`);
  await guardianSig.waitFor();
  assert.match(await guardianSig.innerText(), /Signed by .+ on /);
  assert.match(await guardianSig.getAttribute('class'), /\bsigned\b/);

  // The print view: the plan's fields on paper, the site's frame left out.
  await page.locator(byTestId('plan-print-link')).click();
  await page.waitForURL('**/students/S10013/plan/print');
  const paper = page.locator(byTestId('plan-paper'));
  await paper.locator(byTestId('doc-goal')).waitFor();
  await assertNoAxeViolations(page, 'the print view');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.site').isVisible(), false, 'no header on paper');
  assert.equal(await page.locator(byTestId('print-button')).isVisible(), false, 'no buttons on paper');
  const student = await apiGet(`${app.baseUrl}/api/students/S10013`, token);
  assert.equal(await paper.locator(byTestId('print-student')).innerText(), `${student.first_name} ${student.last_name}`);
  assert.match(await paper.locator(byTestId('doc-goal')).innerText(), /I will miss no more than \d+ days? for the rest of the year/);
  assert.deepEqual(await paper.locator(`${byTestId('doc-tried')} li`).allInnerTexts(), ['Morning phone call', 'Bus pass']);
  assert.deepEqual(await paper.locator(`${byTestId('doc-school-will')} li`).allInnerTexts(), ['Check in every morning']);
  assert.deepEqual(await paper.locator(`${byTestId('doc-supports')} li`).allInnerTexts(), ['Aunt drives on Tuesdays']);
  assert.equal(await paper.locator(byTestId('doc-notes')).innerText(), 'My note, typed on the visit.');
  assert.match(await paper.locator(byTestId('doc-review')).innerText(), /We will review progress to meet this goal on /);
  assert.match(await paper.locator(byTestId('print-present')).innerText(), /^I have been present [\d.]+ days?\.$/);
  const sigs = await paper.locator(byTestId('print-signature')).allInnerTexts();
  assert.equal(sigs.length, 3);
  assert.match(sigs[1], /Parent\/guardian signature/);
  // A signature's date is a date ("January 13, 2027"), never "Saturday 5:56 PM".
  const lines = await paper.locator(`${byTestId('print-signature')} .line`).allInnerTexts();
  const signedDates = lines.filter((_, i) => i % 2 === 1).filter((t) => t.trim());
  assert.ok(signedDates.length >= 1, sigs.join(' | '));
  for (const d of signedDates) assert.match(d, /^[A-Z][a-z]+ \d{1,2}, \d{4}$/, d);
  // In the family's language.
  await page.emulateMedia({ media: 'screen' });
  // The page fits the phone (it was 381 px wide at 360).
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scroll');
  await page.screenshot({ path: 'target/screenshots/plan-print-360.png', fullPage: true });
  await page.locator(byTestId('print-language')).selectOption('es');
  await paper.locator('h1').filter({ hasText: 'Plan de apoyo a la asistencia' }).waitFor();
  assert.match(await paper.locator(byTestId('doc-goal')).innerText(), /No faltaré más de/);
  assert.equal(await paper.getAttribute('lang'), 'es');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});

test('an admin uploads attendance for an E-101 student: the dry run shows it, apply, then undo', async () => {
  const page = await desktopPage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.locator(byTestId('nav-uploads')).click();
  await page.waitForURL('**/admin/uploads');
  await page.locator(byTestId('upload-files')).waitFor();
  await assertNoAxeViolations(page, 'the uploads page');

  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const detail = await apiGet(`${app.baseUrl}/api/students/S10013`, admin);
  const missed = new Set(detail.events.map((e) => e.date));
  const day = detail.school_days.filter((d) => d <= detail.as_of && !missed.has(d)).at(-1);
  const csv = `student_id,school_id,date,status,fraction_absent,reason\nS10013,E-101,${day},partial,0.5,dentist\n`;
  await page.locator(byTestId('upload-files')).setInputFiles({
    name: 'attendance.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await page.locator(byTestId('upload-check')).click();
  await page.locator(byTestId('upload-dry-run')).waitFor();
  assert.equal(await page.locator(byTestId('summary-new-attendance')).innerText(), '1');
  assert.equal(await page.locator(byTestId('summary-new-students')).innerText(), '0');
  await page.locator(byTestId('upload-clean')).waitFor();
  assert.match(await page.locator(byTestId('upload-file-list')).innerText(), /attendance\.csv · 1 row · [0-9a-f]{12}/);
  await assertNoAxeViolations(page, 'the dry run');

  await page.locator(byTestId('upload-apply')).click();
  await page.locator(byTestId('upload-outcome')).filter({ hasText: /Applied: \d+ records written/ }).waitFor();
  const after = await apiGet(`${app.baseUrl}/api/students/S10013`, admin);
  assert.ok(after.events.some((e) => e.date === day && e.status === 'partial'), 'the row is in the record');
  const row = page.locator(byTestId('import-row')).first();
  await row.waitFor();
  assert.match(await row.innerText(), /Sam Castillo/);
  assert.match(await row.innerText(), /attendance\.csv \([0-9a-f]{12}, 1\)/);

  await row.locator(byTestId('import-undo')).click();
  await page.locator(byTestId('import-outcome')).filter({ hasText: 'The import was undone.' }).waitFor();
  await page.locator(byTestId('import-undone')).first().waitFor();
  const undone = await apiGet(`${app.baseUrl}/api/students/S10013`, admin);
  assert.ok(!undone.events.some((e) => e.date === day), 'the row is gone again');

  // A file with a problem: placed by file, line and column; nothing to apply.
  await page.locator(byTestId('upload-files')).setInputFiles({
    name: 'attendance.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('student_id,school_id,date,status\nS10013,E-101,2001-01-01,absent\n'),
  });
  await page.locator(byTestId('upload-check')).click();
  const problem = page.locator(byTestId('upload-problem')).first();
  await problem.waitFor();
  assert.match(await problem.innerText(), /attendance\.csv\s+2/);
  assert.equal(await page.locator(byTestId('upload-apply')).count(), 0, 'no apply with problems');
  await assertNoAxeViolations(page, 'the problems table');

  // An absence dated after today (the next school day) is a problem at its line and date.
  const future = detail.school_days.find((d) => d > app.today) ?? addDays(app.today, 7);
  await page.locator(byTestId('upload-files')).setInputFiles({
    name: 'attendance.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`student_id,school_id,date,status\nS10013,E-101,${future},excused_absence\n`),
  });
  await page.locator(byTestId('upload-check')).click();
  const ahead = page.locator(byTestId('upload-problem')).filter({ hasText: 'after today' });
  await ahead.waitFor();
  assert.deepEqual(await ahead.locator('td').allInnerTexts(), [
    'attendance.csv',
    '2',
    'date',
    `${future} is after today (${app.today}): attendance can be sent for a day only once it has come`,
  ]);
  assert.equal(await page.locator(byTestId('upload-apply')).count(), 0, 'no apply with problems');
  assert.deepEqual(page.errors, [], 'no exceptions');
  await page.context().close();
});

test('the attendance team confirms a family report; admins reach their pages', async () => {
  const guardian = await guardianToken();
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const { as_of: asOf } = await apiGet(`${app.baseUrl}/api/students/S10013`, admin);
  const sent = await apiPost(
    `${app.baseUrl}/api/students/S10013/absence-reports`,
    { from: asOf, to: asOf, reason: 'medical_appointment', note: 'Dentist' },
    guardian,
  );
  assert.equal(sent.status, 200);

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-confirm')).click();
  const row = page.locator(`${byTestId('confirm-row')}[data-report-id="${sent.body.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Dentist/);
  await assertNoAxeViolations(page, 'reports to confirm');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on reports to confirm');
  await row.locator(byTestId('confirm-note')).fill('Thank you for telling us.');
  await row.locator(byTestId('confirm-yes')).click();
  await row.locator(byTestId('confirm-outcome')).filter({ hasText: 'Confirmed' }).waitFor();
  const reports = await apiGet(`${app.baseUrl}/api/students/S10013/absence-reports`, guardian);
  const decided = reports.find((r) => r.id === sent.body.id);
  assert.equal(decided.status, 'confirmed');
  assert.equal(decided.decision_note, 'Thank you for telling us.');
  await page.context().close();

  // An admin's settings, reports and self-assessment open and pass axe.
  const desk = await desktopPage(browser);
  await signInAsStaff(desk, app.baseUrl, DEMO.admin);
  await desk.locator(byTestId('nav-settings')).click();
  await desk.locator(byTestId('settings-save')).waitFor();
  assert.equal(await desk.locator(byTestId('settings-min')).inputValue(), '10');
  await assertNoAxeViolations(desk, 'the settings');
  await desk.locator(byTestId('settings-save')).click();
  await desk.locator(byTestId('settings-outcome')).filter({ hasText: 'Saved.' }).waitFor();

  await desk.goto(`${app.baseUrl}/reports?by=grade&public=1`);
  await desk.locator(byTestId('report-table')).waitFor();
  assert.match(await desk.locator(byTestId('report-note')).innerText(), /fewer than 10 students are hidden/);
  const hidden = await desk.locator(`${byTestId('report-row')}[data-suppressed="true"]`).allInnerTexts();
  for (const text of hidden) assert.match(text, /fewer than 10|hidden so a small group/);
  await assertNoAxeViolations(desk, 'the reports');
  // By student group: each group named in words, in the API's order.
  const SUBGROUP_WORDS = {
    ell: 'English learners',
    swd: 'Students with disabilities',
    econ: 'Economically disadvantaged',
    homeless: 'Homeless',
    foster: 'Foster care',
    military: 'Military-connected',
    migrant: 'Migrant',
  };
  const bySubgroup = await apiGet(`${app.baseUrl}/api/reports/chronic?by=subgroup`, await staffToken(app.baseUrl, DEMO.admin));
  assert.ok(bySubgroup.rows.length > 0, 'the demo district has student groups');
  await desk.goto(`${app.baseUrl}/reports?by=subgroup`);
  await desk.locator(byTestId('report-table')).waitFor();
  assert.deepEqual(
    await desk.locator(`${byTestId('report-table')} tbody th`).allInnerTexts(),
    bySubgroup.rows.map((r) => SUBGROUP_WORDS[r.group]),
  );

  await desk.locator(byTestId('nav-assessment')).click();
  await desk.locator(byTestId('assessment-ingredient')).first().waitFor();
  assert.equal(await desk.locator(byTestId('assessment-ingredient')).count(), 5);
  await assertNoAxeViolations(desk, 'the self-assessment');
  assert.deepEqual(desk.errors, [], 'no exceptions');
  await desk.context().close();
});

test('the counselor works the queue: a failed call, a home visit with barriers, a Tier 2 intervention', async () => {
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-queue')).click();
  await page.waitForURL('**/queue**');
  await page.locator(`${byTestId('queue-row')}, ${byTestId('queue-empty')}`).first().waitFor();
  await assertNoAxeViolations(page, 'the queue');
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const queue = await apiGet(`${app.baseUrl}/api/schools/E-101/outreach`, token);
  assert.equal(await page.locator(byTestId('queue-row')).count(), queue.rows.length);
  let id = 'S10013';
  if (queue.rows.length > 0) {
    id = queue.rows[0].student_id;
    assert.ok((await page.locator(byTestId('queue-reasons')).first().innerText()).length > 5, 'the reason in words');
    await page.locator(byTestId('queue-row')).first().click();
  } else {
    await page.goto(`${app.baseUrl}/students/${id}/case`);
  }
  await page.waitForURL(`**/students/${id}/case`);
  await page.locator(byTestId('contact-form')).waitFor();
  await page.locator('h1').waitFor();
  await page.locator(byTestId('case-assigned')).waitFor();
  await page.locator(byTestId('current-tier')).waitFor();
  await assertNoAxeViolations(page, 'the case page');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on the case page');

  // A call nobody answered: the next school day is set to try again.
  await page.locator(byTestId('method-phone')).check();
  await page.locator(byTestId('outcome-no_answer')).check();
  await page.locator(byTestId('contact-save')).click();
  await page.locator(byTestId('contact-outcome')).filter({ hasText: /Contact logged\. Next follow-up/ }).waitFor();
  await page.locator(`${byTestId('contact-row')}[data-outcome="no_answer"]`).waitFor();

  // A home visit that reached the family, with the barriers it brought up.
  await page.locator(byTestId('method-home_visit')).check();
  await page.locator(byTestId('outcome-reached')).check();
  await page.locator(byTestId('barrier-transportation')).check();
  await page.locator(byTestId('barrier-health')).check();
  await page.locator(byTestId('contact-notes')).fill('Bus stop moved; mother works early.');
  await page.locator(byTestId('contact-save')).click();
  const visit = page.locator(`${byTestId('contact-row')}[data-method="home_visit"]`);
  await visit.waitFor();
  assert.match(await visit.innerText(), /Health, Transportation/);
  const contacts = await apiGet(`${app.baseUrl}/api/students/${id}/contacts`, token);
  assert.deepEqual(contacts.map((c) => c.outcome).sort(), ['no_answer', 'reached']);
  const logged = contacts.find((c) => c.method === 'home_visit');
  assert.deepEqual(logged.barriers.sort(), ['health', 'transportation']);

  await page.locator(byTestId('case-assign-me')).click();
  await page.locator(byTestId('case-assigned')).filter({ hasText: 'With Luis Medina' }).waitFor();

  // A Tier 2 intervention, from the last day the figures count.
  const { as_of: asOf } = await apiGet(`${app.baseUrl}/api/students/${id}`, token);
  await page.locator(byTestId('intervention-choice')).selectOption('check-in-check-out');
  await page.locator(byTestId('intervention-start')).fill(asOf);
  await page.locator(byTestId('intervention-assign')).click();
  const tier2 = page.locator(`${byTestId('intervention-row')}[data-tier="2"]`);
  await tier2.waitFor();
  assert.match(await tier2.innerText(), /Check-in\/check-out/);
  await page.locator(byTestId('current-tier')).filter({ hasText: 'Now at Tier 2' }).waitFor();
  await assertNoAxeViolations(page, 'the case page after the work');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});

test('the queue is the to-do list; a home visit logged offline waits on the phone and is sent once when the signal returns', async () => {
  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  // Every chronically absent student of Maple nobody has reached lately is on the list.
  const queue = await apiGet(`${app.baseUrl}/api/schools/E-101/outreach`, token);
  assert.ok(queue.due >= 5, `the to-do list holds more than the old queue's one: ${queue.due}`);
  await page.goto(`${app.baseUrl}/queue?school=E-101`);
  await page.locator(byTestId('queue-row')).first().waitFor();
  assert.equal(await page.locator(byTestId('queue-row')).count(), queue.rows.length);
  assert.equal(await page.locator(byTestId('queue-count')).innerText(), `Due now: ${queue.due}`);
  await page.screenshot({ path: 'target/screenshots/queue-360.png', fullPage: false });
  const id = queue.rows.at(-1).student_id;

  await page.goto(`${app.baseUrl}/students/${id}/case`);
  await page.locator(byTestId('case-assigned')).waitFor();
  // Assigning to another member of staff: picked by name, no id to know.
  const picker = page.locator(byTestId('case-assign-staff'));
  await picker.locator('option[value="T-101"]').waitFor({ state: 'attached' });
  await picker.selectOption('T-101');
  await page.locator(byTestId('case-assign')).click();
  await page.locator(byTestId('case-assigned')).filter({ hasText: 'With Grace Okafor' }).waitFor();

  // No signal on the home visit: the contact is kept on the phone, shown as waiting.
  await page.context().setOffline(true);
  await page.locator(byTestId('method-home_visit')).check();
  await page.locator(byTestId('outcome-reached')).check();
  await page.locator(byTestId('contact-notes')).fill('Met grandmother; bus pass needed.');
  // The server's today (the app runs on SCHOOL_DAY, the browser on the machine's date).
  await page.locator(byTestId('contact-at')).fill(`${app.today}T16:30`);
  await page.locator(byTestId('contact-save')).click();
  await page.locator(byTestId('contact-outcome')).filter({ hasText: /kept on this phone/ }).waitFor();
  const waiting = page.locator(byTestId('pending-contact'));
  await waiting.waitFor();
  assert.equal(await waiting.getAttribute('data-state'), 'waiting');
  await page.screenshot({ path: 'target/screenshots/case-offline-360.png', fullPage: false });
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('showup.pending-contacts')).length);
  assert.equal(kept, 1, 'kept in localStorage');

  // The signal returns: it is sent, once, and the waiting row goes.
  await page.context().setOffline(false);
  await waiting.waitFor({ state: 'detached' });
  await page.locator(`${byTestId('contact-row')}[data-method="home_visit"]`).waitFor();
  const contacts = await apiGet(`${app.baseUrl}/api/students/${id}/contacts`, token);
  assert.equal(contacts.filter((c) => c.notes === 'Met grandmother; bus pass needed.').length, 1);
  // Reached: off the to-do list, and the count of what is due drops by one.
  const after = await apiGet(`${app.baseUrl}/api/schools/E-101/outreach`, token);
  assert.equal(after.due, queue.due - 1);
  assert.ok(!after.rows.some((r) => r.student_id === id));
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});

test('two students of one name are told apart by their id on the queue, the chronic list and the case page', async () => {
  // A second student with the name of one on both the queue and the chronic list of the
  // counselor's school: same school and grade, absent the year's first ten school days.
  const counselor = await staffToken(app.baseUrl, DEMO.counselor);
  const { schools } = await apiGet(`${app.baseUrl}/api/schools`, counselor);
  const school = schools[0].id;
  const queue = await apiGet(`${app.baseUrl}/api/schools/${school}/outreach?mine=false`, counselor);
  const chronic = await apiGet(`${app.baseUrl}/api/schools/${school}/chronic-list`, counselor);
  const queued = new Set(queue.rows.map((r) => r.student_id));
  const original = chronic.grades.flatMap((g) => g.students).find((s) => queued.has(s.id));
  assert.ok(original, 'a chronically absent student on the queue');
  const name = `${original.first_name} ${original.last_name}`;
  const detail = await apiGet(`${app.baseUrl}/api/students/${original.id}`, counselor);
  const days = detail.school_days.filter((d) => d <= detail.as_of).slice(0, 10);
  const twin = 'S99001';
  const csv = (header, rows) => Buffer.from(`${header}\n${rows.join('\n')}\n`).toString('base64');
  const files = [
    ['students.csv', csv('student_id,first_name,last_name', [`${twin},${original.first_name},${original.last_name}`])],
    ['enrollments.csv', csv('student_id,school_id,grade,entry_date', [`${twin},${school},${original.grade},${days[0]}`])],
    ['attendance.csv', csv('student_id,school_id,date,status', days.map((d) => `${twin},${school},${d},unexcused_absence`))],
  ];
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const body = { files: files.map(([n, b]) => ({ name: n, content_base64: b })) };
  const applied = await apiPost(`${app.baseUrl}/api/admin/imports`, body, admin);
  assert.equal(applied.status, 200, JSON.stringify(applied.body));

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  const shown = async (list, id) =>
    page.locator(`${byTestId(`${list}-row`)}[data-student-id="${id}"] ${byTestId(`${list}-name`)}`).innerText();
  await page.goto(`${app.baseUrl}/queue?school=${school}`);
  await page.locator(`${byTestId('queue-row')}[data-student-id="${twin}"]`).waitFor();
  assert.equal(await shown('queue', original.id), `${name} (${original.id})`);
  assert.equal(await shown('queue', twin), `${name} (${twin})`);
  const other = queue.rows.find((r) => r.student_id !== original.id && queue.rows.filter((o) => o.first_name === r.first_name && o.last_name === r.last_name).length === 1);
  assert.equal(await shown('queue', other.student_id), `${other.first_name} ${other.last_name}`, 'a name of its own shows no id');
  await page.screenshot({ path: 'target/screenshots/queue-twins-360.png', fullPage: false });

  await page.goto(`${app.baseUrl}/chronic-list?school=${school}`);
  await page.locator(`${byTestId('chronic-row')}[data-student-id="${twin}"]`).waitFor();
  assert.equal(await shown('chronic', original.id), `${name} (${original.id})`);
  assert.equal(await shown('chronic', twin), `${name} (${twin})`);

  await page.goto(`${app.baseUrl}/students/${twin}/case`);
  const who = page.locator(byTestId('case-student'));
  await who.waitFor();
  assert.match(await who.innerText(), new RegExp(`^${twin} · .+ · ${detail.schools[0].school_name}$`));
  await assertNoAxeViolations(page, 'the case page with the student id');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});
