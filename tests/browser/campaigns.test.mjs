// Campaigns to families, end to end in the browser on a 360 px phone: a district admin sets up
// a campaign from the nav (one school, the default rule, a 10% hold-out), sees how many students
// are in it and how many are kept out at random, previews a letter in English and Spanish, sends
// the email and text batch (checked against the API and the outbox), and a family's STOP reply
// from the outbox page opts the number out. Every page passes axe. Screenshots in
// target/screenshots/campaigns-*.
// Run: node --test tests/browser/campaigns.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  SCHOOL_DAY,
  apiGet,
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

test('an admin sets up a campaign, previews both languages, sends it and sees the hold-out', async () => {
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const district = await apiGet(`${app.baseUrl}/api/schools`, admin);
  const school = district.schools[0];

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.locator(byTestId('nav-campaigns')).click();
  await page.waitForURL((url) => url.pathname === '/admin/campaigns');
  await page.locator(byTestId('campaigns-empty')).waitFor();
  await assertNoAxeViolations(page, 'the campaigns page');

  // Set up: one school, students at risk or worse as of today, email and text, 10% held out.
  await page.locator(byTestId('campaign-name')).fill('Winter letters');
  await page.locator(byTestId('campaign-as-of')).fill(app.today);
  await page.locator(`${byTestId('campaign-school')} option[value="${school.id}"]`).waitFor({ state: 'attached' });
  await page.locator(byTestId('campaign-school')).selectOption(school.id);
  await page.locator(byTestId('campaign-dates')).fill(`${app.today}, 2027-03-01`);
  assert.equal(await page.locator(byTestId('campaign-holdout-pct')).inputValue(), '10');
  await page.locator(byTestId('campaign-create')).click();
  await page.locator(byTestId('campaign-outcome')).filter({ hasText: /Campaign set up: Winter letters/ }).waitFor();

  const list = await apiGet(`${app.baseUrl}/api/campaigns`, admin);
  assert.equal(list.campaigns.length, 1);
  const c = list.campaigns[0];
  assert.deepEqual(c.audience.schools, [school.id]);
  assert.equal(c.holdout_pct, 10);
  const view = await apiGet(`${app.baseUrl}/api/campaigns/${c.id}`, admin);
  const students = await apiGet(`${app.baseUrl}/api/campaigns/${c.id}/students`, admin);
  assert.ok(view.audience_students > 0, 'the demo school has students at risk or worse');
  assert.equal(view.audience_students, students.length);
  assert.equal(view.audience_holdout, students.filter((s) => s.arm === 'holdout').length);

  // The campaign opens with its hold-out shown.
  const detail = page.locator(byTestId('campaign-detail'));
  await detail.waitFor();
  const holdout = await page.locator(byTestId('campaign-holdout')).innerText();
  assert.match(holdout, new RegExp(`${view.audience_students} students in the campaign`));
  assert.match(holdout, new RegExp(`${view.audience_holdout} kept out at random \\(10%\\)`));

  // The preview: the same letter in English and in Spanish, side by side (stacked at 360 px).
  const pick = students.find((s) => s.arm === 'letter');
  await page.locator(byTestId('preview-student')).selectOption(pick.student_id);
  const en = page.locator(byTestId('letter-en'));
  const es = page.locator(byTestId('letter-es'));
  await en.waitFor();
  await es.waitFor();
  const first = pick.name.split(' ')[0];
  assert.match(await en.innerText(), new RegExp(`We missed ${first}`));
  assert.match(await es.innerText(), new RegExp(`Extrañamos a ${first}`));
  const preview = await apiGet(`${app.baseUrl}/api/campaigns/${c.id}/preview?student=${pick.student_id}&language=es`, admin);
  assert.match(await es.innerText(), new RegExp(preview.letter.paragraphs[0].slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await assertNoAxeViolations(page, 'the campaign with a letter previewed');
  await page.screenshot({ path: 'target/screenshots/campaigns-preview-en.png', fullPage: true });

  // The PDF link is there for the print vendor.
  const href = await page.locator(byTestId('mailing-pdf')).first().getAttribute('href');
  assert.equal(href, `/api/campaigns/${c.id}/mailings/0/letters.pdf`);

  // Send the first mailing's email and text batch.
  await page.locator(byTestId('mailing-send')).first().click();
  await page.locator(byTestId('mailing-sent')).first().filter({ hasText: /Sent:/ }).waitFor();
  const after = await apiGet(`${app.baseUrl}/api/campaigns/${c.id}`, admin);
  const m = after.campaign.mailings[0];
  assert.ok(m.sent_at_ms, 'sent');
  assert.equal(m.holdout_students, view.audience_holdout);
  assert.equal(m.letter_students, view.audience_students - view.audience_holdout);
  assert.ok(m.messages > 0, 'emails and texts went out');
  const sentLine = await page.locator(byTestId('mailing-sent')).first().innerText();
  assert.match(sentLine, new RegExp(`${m.letter_students} with the letter · ${m.holdout_students} held out · ${m.messages} emails and texts`));
  assert.equal(await page.locator(byTestId('effect-mailing')).count(), 1, 'the effect section of the mailing');
  await page.screenshot({ path: 'target/screenshots/campaigns-sent-en.png', fullPage: true });

  // The outbox holds the messages; a family answers a text with STOP from the outbox page.
  const outbox = await apiGet(`${app.baseUrl}/api/dev/outbox`);
  const text = outbox.find((x) => !x.to.includes('@') && /STOP/.test(x.body));
  assert.ok(text, 'a campaign text is in the outbox');
  const family = await phonePage(browser, { timeout: 60_000 });
  await family.goto(`${app.baseUrl}/dev/outbox`);
  const message = family.locator(`${byTestId('outbox-message')}[data-message-id="${text.id}"]`);
  await message.waitFor();
  await message.locator(byTestId('outbox-reply-body')).fill('STOP');
  await message.locator(byTestId('outbox-reply-send')).click();
  await message.locator(byTestId('outbox-reply-outcome')).filter({ hasText: /Opted out/ }).waitFor();
  await family.screenshot({ path: 'target/screenshots/campaigns-outbox-reply.png' });

  assert.deepEqual(page.errors, [], 'no console errors');
  assert.deepEqual(family.errors, [], 'no console errors on the outbox');
});
