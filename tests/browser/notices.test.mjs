// Notices the law requires, end to end in the browser: on a 360 px phone a counselor opens the
// notices page, reads a due notice's preview in the family's language and the other, and
// prepares it for approval; a district admin approves it (the counselor cannot), it is sent and
// lands in the student's contact log, and the admin's rules section is there. Every figure is
// checked against the API; every page passes axe. Screenshots in target/screenshots/notices-*.
// Run: node --test tests/browser/notices.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  phonePage,
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

test('a counselor prepares a due notice, only the admin approves it, and it is in the contact log', async () => {
  const counselor = await staffToken(app.baseUrl, DEMO.counselor);
  const me = await apiGet(`${app.baseUrl}/api/me`, counselor);
  const school = me.school_id;
  const none = await apiGet(`${app.baseUrl}/api/schools/${school}/notices`, counselor);
  assert.equal(none.rule_set, null, 'nothing is due before the district chooses its rules');
  assert.equal(none.rows.length, 0);

  // The district admin chooses California's rules on the notices page.
  const admin = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(admin, app.baseUrl, DEMO.admin);
  await admin.locator(byTestId('nav-notices')).click();
  await admin.locator(byTestId('notice-rules')).waitFor();
  await admin.locator(byTestId('notice-rule-set')).selectOption('california');
  await admin.locator(byTestId('notice-rule')).first().waitFor();
  await assertNoAxeViolations(admin, 'the notices page with the rules');
  await admin.screenshot({ path: 'target/screenshots/notices-rules-en.png', fullPage: true });
  await admin.locator(byTestId('notice-rules-save')).click();
  await admin.locator(byTestId('notice-rules-outcome')).filter({ hasText: /^Saved\.$/ }).waitFor();

  const before = await apiGet(`${app.baseUrl}/api/schools/${school}/notices`, counselor);
  const due = before.rows.filter((r) => r.state === 'due' || r.state === 'past_due');
  assert.ok(due.length > 0, 'the demo school has notices due');
  for (const r of before.rows) assert.ok(r.deadline > r.trigger_date, 'a deadline after its trigger');
  const pick = due[0];

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.locator(byTestId('nav-notices')).click();
  await page.waitForURL((url) => url.pathname === '/notices');
  const row = page.locator(`${byTestId('notice-row')}[data-student="${pick.student_id}"]`).first();
  await row.waitFor();
  assert.equal(await page.locator(byTestId('notice-row')).count(), before.rows.length);
  await assertNoAxeViolations(page, 'the notices page');

  // The preview: in the family's language first, then the other.
  await row.locator(byTestId('notice-preview')).click();
  const text = row.locator(byTestId('notice-text'));
  await text.waitFor();
  const familyLang = pick.lang;
  assert.equal(await text.getAttribute('lang'), familyLang);
  assert.match(await text.innerText(), new RegExp(pick.first_name));
  await row.locator(byTestId('notice-preview-other')).click();
  await page.locator(`${byTestId('notice-text')}[lang="${familyLang === 'es' ? 'en' : 'es'}"]`).first().waitFor();
  await text.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'target/screenshots/notices-counselor-en.png' });

  // Prepared for approval, by print (every family has a mailing address at the office).
  await row.locator(byTestId('notice-channel')).selectOption('print');
  await row.locator(byTestId('notice-prepare')).click();
  await row.locator(byTestId('notice-outcome')).filter({ hasText: /waits for the principal/ }).waitFor();

  // The counselor cannot approve: the API refuses.
  const refused = await apiPost(
    `${app.baseUrl}/api/schools/${school}/notices/approve`,
    { student_id: pick.student_id, kind: pick.kind },
    counselor,
  );
  assert.equal(refused.status, 403);

  // The district admin approves on the phone.
  await admin.goto(`${app.baseUrl}/notices?school=${school}`);
  const awaiting = admin.locator(`${byTestId('notices-awaiting')} ${byTestId('notice-row')}[data-student="${pick.student_id}"]`);
  await awaiting.waitFor();
  await awaiting.locator(byTestId('notice-approve')).click();
  await awaiting.locator(byTestId('notice-outcome')).filter({ hasText: /^Sent\./ }).waitFor();
  await awaiting.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: 'target/screenshots/notices-admin-en.png' });

  const contacts = await apiGet(`${app.baseUrl}/api/students/${pick.student_id}/contacts`, counselor);
  const logged = contacts.filter((c) => c.method === 'letter' && /notice sent|warning sent|offer sent/i.test(c.notes));
  assert.equal(logged.length, 1, JSON.stringify(contacts));
  const after = await apiGet(`${app.baseUrl}/api/schools/${school}/notices`, counselor);
  const mine = after.rows.filter((r) => r.student_id === pick.student_id && r.kind === pick.kind);
  assert.deepEqual(mine.map((r) => r.state), ['sent']);

  // In Spanish, the page speaks Spanish.
  await page.reload();
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator(byTestId('nav-notices')).filter({ hasText: 'Avisos' }).waitFor();
  await page.locator(byTestId('notice-row')).first().waitFor();
  await page.screenshot({ path: 'target/screenshots/notices-counselor-es.png' });
  await admin.close();
  await page.close();
});
