// The supports around interventions, end to end in the browser: a counselor on a 360 px phone
// starts a 10-day monitoring plan and notes a day, refers the student to the MTSS team (refused
// first without a reason the API accepts), records a parent's permission and then assigns the
// school refusal scale (refused first without it), and reads whether the school's interventions
// worked on the reports page; a district admin adds an intervention to the catalog and changes it
// over someone else's change. Every figure is checked against the API; every page passes axe.
// A monitoring plan started six school days ago has days to come, which the summer has not: the
// app runs on SCHOOL_DAY, whatever the date.
// Run: node --test tests/browser/supports.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  STAFF_TARGETS,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  desktopPage,
  percentBp,
  phonePage,
  signInAsStaff,
  smallTargets,
  staffToken,
  startAppAndBrowser,
} from './harness.mjs';

const STUDENT = 'S10013';

let app;
let browser;

startAppAndBrowser(
  (a, b) => {
    app = a;
    browser = b;
  },
  { today: SCHOOL_DAY },
);

const STATUS_WORDS = { present: 'Present', absent: 'Absent', upcoming: 'To come', not_enrolled: 'Not enrolled' };

test('a counselor runs a 10-day monitoring plan with a note, refers to MTSS, and assigns the school refusal scale after the permission', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const detail = await apiGet(`${app.baseUrl}/api/students/${STUDENT}`, token);
  // Six school days ago: some of the plan's days have passed, the rest are to come.
  const past = detail.school_days.filter((d) => d <= detail.as_of);
  const start = past.at(-6);

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/students/${STUDENT}/case`);
  await page.locator(byTestId('monitoring-none')).waitFor();
  await page.locator(byTestId('referrals-none')).waitFor();
  await page.locator(byTestId('permissions-none')).waitFor();
  await page.locator(byTestId('current-tier')).waitFor();
  await assertNoAxeViolations(page, 'the case page with the new sections');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on the case page');

  // --- a 10-day informal monitoring plan ---------------------------------------------------
  await page.locator(byTestId('monitoring-kind')).selectOption('ten_day');
  await page.locator(byTestId('monitoring-start')).fill(start);
  await page.locator(byTestId('monitoring-start-save')).click();
  await page.locator(byTestId('monitoring-outcome')).filter({ hasText: /^Started: 10-day informal monitoring plan, / }).waitFor();
  const plans = await apiGet(`${app.baseUrl}/api/students/${STUDENT}/monitoring`, token);
  assert.equal(plans.length, 1);
  const plan = plans[0];
  assert.equal(plan.plan.kind, 'ten_day');
  assert.equal(plan.plan.days.length, 10);
  assert.equal(plan.plan.days[0], start);
  const row = page.locator(`${byTestId('monitoring-plan')}[data-plan-id="${plan.plan.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-complete'), 'false');

  // The tracker: each of the ten school days, present or absent as the record says.
  const days = page.locator(byTestId('monitoring-day'));
  await days.nth(9).waitFor();
  assert.equal(await days.count(), 10);
  for (let i = 0; i < 10; i++) {
    const want = plan.days[i];
    assert.equal(await days.nth(i).getAttribute('data-date'), want.date);
    assert.equal(await days.nth(i).getAttribute('data-status'), want.status);
    const words = await days.nth(i).locator(byTestId('monitoring-day-status')).innerText();
    if (want.status === 'partial') assert.match(words, /^Missed part of the day \(\d+\.\d%\)$/);
    else assert.equal(words, STATUS_WORDS[want.status]);
  }
  assert.ok(plan.days.filter((d) => d.status === 'upcoming').length < 10, 'some days have passed');
  const s = plan.summary;
  assert.equal(
    await page.locator(byTestId('monitoring-counts')).innerText(),
    `Days present: ${s.days_present}. Days absent: ${s.days_absent}. Part of the day missed: ${s.days_partial}.`,
  );
  assert.equal(
    await page.locator(byTestId('monitoring-state')).innerText(),
    `So far: ${s.during.days_enrolled} of the plan's 10 school days have passed.`,
  );
  assert.match(
    await page.locator(byTestId('monitoring-rate')).innerText(),
    new RegExp(
      `^Absent ${percentBp(s.rate_bp).replace('.', '\\.')} of the ${s.during.days_enrolled} school days of the plan, against ` +
        `${percentBp(s.before_rate_bp).replace('.', '\\.')} of the ${s.before.days_enrolled} school days before it: `,
    ),
  );
  // Its intervention (Tier 2) is in the student's interventions now.
  await page.locator(`${byTestId('intervention-row')}[data-tier="2"]`).filter({ hasText: '10-day informal monitoring plan' }).waitFor();

  // A note on the plan's first day.
  await page.locator(byTestId('monitoring-note-day')).selectOption(start);
  await page.locator(byTestId('monitoring-note')).fill('Called home at 9: bus was late again.');
  await page.locator(byTestId('monitoring-note-save')).click();
  await page.locator(byTestId('monitoring-note-outcome')).filter({ hasText: /^Note added to / }).waitFor();
  const first = page.locator(`${byTestId('monitoring-day')}[data-date="${start}"]`);
  await first.locator(byTestId('monitoring-day-note')).filter({ hasText: 'Called home at 9: bus was late again. — Luis Medina' }).waitFor();
  const one = await apiGet(`${app.baseUrl}/api/students/${STUDENT}/monitoring/${plan.plan.id}`, token);
  assert.deepEqual(
    one.days[0].notes.map((n) => [n.note, n.by_name]),
    [['Called home at 9: bus was late again.', 'Luis Medina']],
  );
  await assertNoAxeViolations(page, 'the monitoring tracker');

  // --- the MTSS referral: refused without a basis, made with a note -----------------------
  await page.locator(byTestId('referral-reason')).fill('Absences keep rising despite the plan.');
  await page.locator(byTestId('referral-save')).click();
  const refused = page.locator(`${byTestId('referral-outcome')}[role="alert"]`);
  await refused.waitFor();
  assert.match(await refused.innerText(), /^No Tier 2 support has ended without improvement for this student\./);
  assert.equal(await page.locator(byTestId('referral-row')).count(), 0);
  await page.locator(byTestId('referral-note')).fill('Family asked for the team meeting.');
  await page.locator(byTestId('referral-save')).click();
  await page.locator(byTestId('referral-outcome')).filter({ hasText: /^Referred to the MTSS team on / }).waitFor();
  const referral = page.locator(`${byTestId('referral-row')}[data-basis="staff_discretion"]`);
  await referral.waitFor();
  assert.equal(await referral.locator(byTestId('referral-reason-text')).innerText(), 'Absences keep rising despite the plan.');
  assert.equal(
    await referral.locator(byTestId('referral-basis')).innerText(),
    'Why, at staff discretion: Family asked for the team meeting.',
  );
  const referrals = await apiGet(`${app.baseUrl}/api/students/${STUDENT}/referrals`, token);
  assert.equal(referrals.length, 1);
  assert.deepEqual(referrals[0].basis, { kind: 'staff_discretion', note: 'Family asked for the team meeting.' });
  assert.equal(referrals[0].referred_by_name, 'Luis Medina');
  await page.locator(byTestId('intervention-row')).filter({ hasText: 'Referral to the MTSS team' }).waitFor();

  // --- the school refusal scale needs the parent's permission first -----------------------
  await page.locator(byTestId('intervention-choice')).selectOption('school-refusal-scale');
  const needed = page.locator(`${byTestId('permission-needed')}[data-on-record="false"]`);
  await needed.waitFor();
  assert.match(await needed.innerText(), /The school refusal scale needs a parent's or guardian's permission on record/);
  await page.locator(byTestId('intervention-start')).fill(detail.as_of);
  await page.locator(byTestId('intervention-assign')).click();
  const refusal = page.locator(`${byTestId('intervention-outcome')}[role="alert"]`);
  await refusal.waitFor();
  // The page shows the API's own words: the same request, sent directly, is refused the same way.
  const direct = await apiPost(
    `${app.baseUrl}/api/students/${STUDENT}/interventions`,
    { intervention_id: 'school-refusal-scale', start: detail.as_of, status: 'active' },
    token,
  );
  assert.equal(direct.status, 400);
  assert.equal(direct.body.code, 'permission_required');
  assert.equal(await refusal.innerText(), direct.body.message);
  await assertNoAxeViolations(page, 'the case page with the refusal');

  await page.locator(byTestId('permission-by')).fill('Rosa Gonzalez');
  await page.locator(byTestId('permission-on')).fill(detail.as_of);
  await page.locator(byTestId('permission-note')).fill('Signed form in the file.');
  await page.locator(byTestId('permission-save')).click();
  await page.locator(byTestId('permission-outcome')).filter({ hasText: /^Recorded\. Permission for the school refusal scale: given by Rosa Gonzalez on / }).waitFor();
  await page.locator(`${byTestId('permission-row')}[data-kind="school_refusal_scale"]`).filter({ hasText: 'Rosa Gonzalez' }).waitFor();
  const permissions = await apiGet(`${app.baseUrl}/api/students/${STUDENT}/permissions`, token);
  assert.deepEqual(
    permissions.map((p) => [p.kind, p.granted_by, p.granted_on, p.note, p.recorded_by_name]),
    [['school_refusal_scale', 'Rosa Gonzalez', detail.as_of, 'Signed form in the file.', 'Luis Medina']],
  );

  // The interventions are read again: the permission is on record, and the assignment goes through.
  await page.locator(byTestId('intervention-choice')).selectOption('school-refusal-scale');
  await page.locator(`${byTestId('permission-needed')}[data-on-record="true"]`).filter({ hasText: 'Rosa Gonzalez' }).waitFor();
  await page.locator(byTestId('intervention-start')).fill(detail.as_of);
  await page.locator(byTestId('intervention-assign')).click();
  await page.locator(byTestId('intervention-outcome')).filter({ hasText: 'Assigned: School refusal scale.' }).waitFor();
  await page.locator(`${byTestId('intervention-row')}[data-tier="3"]`).filter({ hasText: 'School refusal scale' }).waitFor();
  await page.locator(byTestId('current-tier')).filter({ hasText: 'Now at Tier 3' }).waitFor();
  const interventions = await apiGet(`${app.baseUrl}/api/students/${STUDENT}/interventions`, token);
  assert.deepEqual(
    interventions.assignments.map((a) => a.assignment.intervention_id).sort(),
    ['mtss-referral', 'school-refusal-scale', 'ten-day-monitoring'],
  );
  assert.equal(interventions.current_tier, 3);
  await assertNoAxeViolations(page, 'the case page after the work');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets after the work');

  // In Spanish too.
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('#mon-h').filter({ hasText: 'Planes de seguimiento' }).waitFor();
  assert.equal(await page.locator('#ref-h').innerText(), 'Remisión al equipo MTSS');
  assert.equal(await page.locator('#perm-h').innerText(), 'Permisos de la familia');
  await page.locator(byTestId('language')).selectOption('en');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});

test("the reports page shows whether each kind of intervention worked at the counselor's school", async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const effect = await apiGet(`${app.baseUrl}/api/schools/E-101/interventions/effect`, token);
  // The monitoring plan begun six school days ago has days before and since.
  const monitoring = effect.rows.find((r) => r.intervention_id === 'ten-day-monitoring');
  assert.ok(monitoring, `the 10-day plan is counted: ${JSON.stringify(effect.rows)}`);
  assert.equal(monitoring.students, 1);

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-reports')).click();
  await page.waitForURL('**/reports**');
  await page.locator(byTestId('effect-table')).waitFor();
  const rows = page.locator(byTestId('effect-row'));
  assert.equal(await rows.count(), effect.rows.length);
  for (const [i, want] of effect.rows.entries()) {
    const row = rows.nth(i);
    assert.equal(await row.getAttribute('data-intervention-id'), want.intervention_id);
    assert.equal(await row.locator('th').innerText(), want.intervention_name);
    assert.equal(await row.locator('td').first().innerText(), `Tier ${want.tier}`);
    assert.equal(await row.locator(byTestId('effect-students')).innerText(), String(want.students));
    assert.equal(await row.locator(byTestId('effect-assignments')).innerText(), String(want.assignments));
    assert.equal(await row.locator(byTestId('effect-before')).innerText(), percentBp(want.average_before_rate_bp));
    assert.equal(await row.locator(byTestId('effect-since')).innerText(), percentBp(want.average_since_rate_bp));
    const [b, s] = [want.average_before_rate_bp, want.average_since_rate_bp];
    const dir = s + 200 <= b ? 'better' : b + 200 <= s ? 'worse' : 'same';
    assert.equal(await row.getAttribute('data-direction'), dir);
  }
  assert.match(await page.locator(byTestId('effect-as-of')).innerText(), /^As of /);
  await assertNoAxeViolations(page, 'the reports page with the effects');
  assert.deepEqual(await smallTargets(page, STAFF_TARGETS), [], 'touch targets on the reports page');
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
  await page.context().close();
});

test('a district admin adds an intervention to the catalog and changes it over a change made meanwhile', async () => {
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const page = await desktopPage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.locator(byTestId('nav-catalog')).click();
  await page.waitForURL('**/admin/interventions');
  await page.locator(byTestId('catalog-row')).first().waitFor();
  const catalog = await apiGet(`${app.baseUrl}/api/interventions`, admin);
  assert.equal(await page.locator(byTestId('catalog-row')).count(), catalog.length);
  const scale = page.locator(`${byTestId('catalog-row')}[data-id="school-refusal-scale"]`);
  assert.equal(await scale.getAttribute('data-tier'), '3');
  assert.match(await scale.locator(byTestId('catalog-row-flags')).innerText(), /Needs a parent's permission/);
  await assertNoAxeViolations(page, 'the catalog');

  await page.locator(byTestId('catalog-tier')).selectOption('1');
  await page.locator(byTestId('catalog-name')).fill('Breakfast club');
  await page.locator(byTestId('catalog-description')).fill('Breakfast in the library before the bell.');
  await page.locator(byTestId('catalog-save')).click();
  await page.locator(byTestId('catalog-outcome')).filter({ hasText: 'Saved: Breakfast club, version 1.' }).waitFor();
  const added = page.locator(`${byTestId('catalog-row')}[data-id="breakfast-club"]`);
  await added.waitFor();
  assert.equal(await added.getAttribute('data-tier'), '1');
  assert.equal(await added.getAttribute('data-retired'), 'false');
  const stored = (await apiGet(`${app.baseUrl}/api/interventions`, admin)).find((e) => e.id === 'breakfast-club');
  assert.deepEqual(
    [stored.tier, stored.name, stored.description, stored.retired, stored.version],
    [1, 'Breakfast club', 'Breakfast in the library before the bell.', false, 1],
  );

  // Change it; someone else saves version 2 first; the form keeps what was typed.
  await added.locator(byTestId('catalog-edit')).click();
  await page.locator(byTestId('catalog-form-title')).filter({ hasText: 'Change an intervention' }).waitFor();
  assert.equal(await page.locator(byTestId('catalog-name')).inputValue(), 'Breakfast club');
  assert.equal(await page.locator(byTestId('catalog-tier')).inputValue(), '1');
  const theirs = await apiPost(
    `${app.baseUrl}/api/admin/interventions`,
    { id: 'breakfast-club', base_version: 1, tier: 1, name: 'Breakfast club', description: 'Their words.' },
    admin,
  );
  assert.equal(theirs.status, 200);
  await page.locator(byTestId('catalog-description')).fill('Breakfast with a mentor, Tuesdays.');
  await page.locator(byTestId('catalog-tier')).selectOption('2');
  await page.locator(byTestId('catalog-active')).uncheck();
  await page.locator(byTestId('catalog-save')).click();
  await page.locator(byTestId('catalog-conflict')).filter({ hasText: /^Their version 2: Breakfast club · Tier 1 · Staff can assign it\./ }).waitFor();
  assert.match(await page.locator(byTestId('catalog-outcome')).innerText(), /Someone else changed this intervention first/);
  assert.equal(await page.locator(byTestId('catalog-description')).inputValue(), 'Breakfast with a mentor, Tuesdays.', 'nothing lost');
  await assertNoAxeViolations(page, 'the catalog with a conflict');
  await page.locator(byTestId('catalog-save')).click();
  await page.locator(byTestId('catalog-outcome')).filter({ hasText: 'Saved: Breakfast club, version 3.' }).waitFor();
  await page.locator(`${byTestId('catalog-row')}[data-id="breakfast-club"][data-version="3"][data-retired="true"][data-tier="2"]`).waitFor();
  const changed = (await apiGet(`${app.baseUrl}/api/interventions`, admin)).find((e) => e.id === 'breakfast-club');
  assert.deepEqual(
    [changed.tier, changed.description, changed.retired, changed.version],
    [2, 'Breakfast with a mentor, Tuesdays.', true, 3],
  );
  assert.deepEqual(page.errors, [], 'no exceptions');
  await page.context().close();

  // On a phone: the catalog's fields and buttons are big enough to touch.
  const small = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(small, app.baseUrl, DEMO.admin);
  await small.goto(`${app.baseUrl}/admin/interventions`);
  await small.locator(`${byTestId('catalog-row')}[data-id="breakfast-club"]`).waitFor();
  assert.deepEqual(await smallTargets(small, STAFF_TARGETS), [], 'touch targets on the catalog');
  await assertNoAxeViolations(small, 'the catalog on a phone');
  await small.context().close();
});
