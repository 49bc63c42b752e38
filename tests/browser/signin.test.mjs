// Signing in, as each kind of person, on a 360 px phone: a family with a code from the
// development outbox sees their own children and nothing of anyone else's; staff see their
// school; a student sees themselves; signing out ends the session. The sign-in page and the
// family's list pass axe-core.
// Run: node --test tests/browser/  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO,
  apiGet,
  apiGetAny,
  apiPost,
  assertNoAxeViolations,
  assertTokenOutOfScriptReach,
  byTestId,
  codeFromOutbox,
  pageToken,
  phonePage,
  signInAsStaff,
  signInWithCode,
  staffToken,
  startAppAndBrowser,
} from './harness.mjs';

let app;
let browser;

startAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

/** Whatever the browser logs for an error answer the test asked for. */
const besides = (errors, ...statuses) =>
  errors.filter((e) => !statuses.some((s) => e.includes(`status of ${s}`)));

/** Fields and buttons people touch are at least 44 px tall (WCAG 2.5.5 target size). */
async function smallTargets(page) {
  return page.locator('main input, main button, main select, header button').evaluateAll((els) =>
    els
      .filter((el) => el.getBoundingClientRect().height < 44)
      .map((el) => `${el.dataset.testid ?? el.tagName}: ${el.getBoundingClientRect().height}px`),
  );
}

/** Who at each demo school opens a child's record: [email, name, role as the page says it]. */
const LOOKER = {
  'E-101': [DEMO.counselor, 'Luis Medina', /Counselor/],
  'E-102': ['mei.chen@cedar.example.org', 'Mei Chen', /Social worker/],
};

test('a guardian signs in with a code and sees their two children and nothing of anyone else', async () => {
  // The page opens on the first child by first name: which one that is, the API says.
  const admin = await staffToken(app.baseUrl, DEMO.admin);
  const children = await Promise.all(DEMO.guardianChildren.map((id) => apiGet(`${app.baseUrl}/api/students/${id}`, admin)));
  const first = children.sort((a, b) => a.first_name.localeCompare(b.first_name))[0];
  // Staff at that child's school open the record first, so the family has a look to see.
  const [lookerEmail, lookerName, lookerRole] = LOOKER[first.schools[0].school_id];
  await apiGet(`${app.baseUrl}/api/students/${first.id}`, await staffToken(app.baseUrl, lookerEmail));

  const page = await phonePage(browser);
  await page.goto(app.baseUrl);
  await page.waitForURL('**/signin');
  await page.locator(byTestId('signin-contact')).waitFor();
  await assertNoAxeViolations(page, 'the sign-in page');
  assert.deepEqual(await smallTargets(page), [], 'touch targets on the sign-in page');

  await page.locator(byTestId('signin-contact')).fill(DEMO.guardian);
  await page.locator(byTestId('signin-send-code')).click();
  const code = page.locator(byTestId('signin-code'));
  await code.waitFor();
  assert.equal(await code.getAttribute('inputmode'), 'numeric');
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await page.locator('label[for="signin-code"]').innerText(), 'Code');
  assert.match(await page.locator(byTestId('signin-code-sent')).innerText(), /code is on its way/);

  // A wrong code is refused, and the refusal is announced.
  await code.fill('000000');
  await page.locator(byTestId('signin-submit')).click();
  const error = page.locator(byTestId('signin-error'));
  await error.waitFor();
  assert.equal(await error.getAttribute('role'), 'alert');
  assert.match(await error.innerText(), /not right/);

  // The development outbox, linked under the code field, has the real one.
  const [outbox] = await Promise.all([
    page.context().waitForEvent('page'),
    page.locator(byTestId('dev-outbox-link')).click(),
  ]);
  const message = outbox.locator(byTestId('outbox-message')).filter({ hasText: DEMO.guardian }).first();
  await message.waitFor();
  assert.match(await outbox.locator('main').innerText(), /would have been sent \(development only\)/);
  const sixDigits = (await message.locator(byTestId('outbox-body')).innerText()).match(/\b(\d{6})\b/)[1];
  await outbox.close();

  await code.fill(sixDigits);
  await page.locator(byTestId('signin-submit')).click();
  // Straight to the first child's page (by first name), with the other one a tap away.
  await page.waitForURL(`**/students/${first.id}`);
  await page.locator(byTestId('missed-sentence')).waitFor();
  const ids = await page.locator(byTestId('my-student')).evaluateAll((els) => els.map((el) => el.dataset.studentId));
  assert.deepEqual(ids.sort(), [...DEMO.guardianChildren].sort(), 'exactly their two children');
  assert.equal(await page.locator(byTestId('me-role')).innerText(), 'Parent or guardian');
  await assertNoAxeViolations(page, 'the family page');
  assert.deepEqual(await smallTargets(page), [], 'touch targets on the family page');

  // Who at school looked at the child's record.
  const look = page.locator(byTestId('access-log-row')).first();
  await look.waitFor();
  assert.equal(await look.locator(byTestId('access-who')).innerText(), lookerName);
  assert.match(await look.locator(byTestId('access-role')).innerText(), lookerRole);
  // One line per person per day: the day, with its year, and what they opened.
  assert.match(await look.locator(byTestId('access-at')).innerText(), /^\w+, \w+ \d{1,2}, \d{4}$/);
  assert.match(await look.locator(byTestId('access-what')).innerText(), /^opened the /);
  const lines = await page.locator(byTestId('access-log-row')).evaluateAll((rows) =>
    rows.map((r) => `${r.querySelector('[data-testid="access-who"]').textContent} ${r.querySelector('time').getAttribute('datetime')}`));
  assert.equal(new Set(lines).size, lines.length, `one line per person per day: ${lines}`);

  // Someone else's child, by editing the address: the not-found message and nothing else.
  const token = await pageToken(page);
  const other = await apiGet(`${app.baseUrl}/api/students/S10014`, admin);
  await page.goto(`${app.baseUrl}/students/S10014`);
  const notFound = page.locator(byTestId('error-message'));
  await notFound.waitFor();
  assert.equal(await notFound.innerText(), "No student has the id 'S10014'.");
  for (const id of ['missed-sentence', 'band', 'calendar', 'plan', 'reports', 'access-log', 'days-enrolled']) {
    assert.equal(await page.locator(byTestId(id)).count(), 0, `no ${id} on someone else's child`);
  }
  const text = await page.locator('main').innerText();
  assert.ok(!text.includes(other.last_name), 'not even the name');

  // The API itself, with the family's session (the browser's cookie): the same 404 as for a
  // student who does not exist.
  const answer = await page.evaluate(async () => {
    const res = await fetch('/api/students/S10014');
    return { status: res.status, body: await res.text() };
  });
  assert.equal(answer.status, 404);
  assert.deepEqual(JSON.parse(answer.body), { code: 'not_found', message: "No student has the id 'S10014'." });
  for (const field of [other.first_name, other.last_name, 'totals', 'events']) {
    assert.ok(!answer.body.includes(field), `the 404 holds nothing of the record (${field})`);
  }

  // The session is an HttpOnly cookie: no script of the page can read the token.
  await assertTokenOutOfScriptReach(page);

  // Signing out ends the session here and at the API.
  await page.goto(app.baseUrl);
  await page.locator(byTestId('my-student')).first().waitFor();
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/signout') && r.status() === 204),
    page.locator(byTestId('sign-out')).click(),
  ]);
  await page.waitForURL('**/signin');
  assert.equal(await pageToken(page), null);
  assert.equal((await apiGetAny(`${app.baseUrl}/api/me`, token)).status, 401, 'the token is revoked');
  await page.goto(app.baseUrl);
  await page.waitForURL('**/signin');
  await page.locator(byTestId('signin-contact')).waitFor();
  assert.deepEqual(besides(page.errors, 401, 404), [], 'no console errors besides the refusals asked for');
  await page.context().close();
});

test("at 360 px a district admin's work nav is one row that scrolls, and marks the page they are on", async () => {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  const nav = page.locator('nav.staff-nav');
  const links = nav.locator('a');
  await links.first().waitFor();
  const row = await nav.evaluate((el) => ({
    tops: [...el.querySelectorAll('a')].map((a) => a.getBoundingClientRect().top),
    scrolls: el.scrollWidth > el.clientWidth,
    height: el.getBoundingClientRect().height,
  }));
  // An admin's pages, in the nav's order (not a count: a new page must be a decision here).
  assert.deepEqual(await links.evaluateAll((els) => els.map((a) => a.dataset.testid)), [
    'nav-uploads',
    'nav-settings',
    'nav-catalog',
    'nav-reports',
    'nav-chronic',
    'nav-objectives',
    'nav-recognition',
    'nav-notices',
    'nav-campaigns',
    'nav-assessment',
  ]);
  assert.equal(new Set(row.tops).size, 1, `one row, not wrapped: ${row.tops}`);
  assert.ok(row.scrolls, 'the row is wider than the phone: it scrolls');
  assert.ok(row.height < 60, `the nav takes one row of the screen (${row.height} px)`);
  assert.equal(await nav.locator('[aria-current]').count(), 0, 'the overview is none of its pages');

  // The last link is off the screen; tapping it scrolls it in and goes there.
  await page.locator(byTestId('nav-assessment')).click();
  await page.waitForURL('**/admin/self-assessment');
  const current = () => nav.locator('[aria-current="page"]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  await nav.locator('[aria-current="page"]').waitFor();
  assert.deepEqual(await current(), ['nav-assessment']);
  await page.locator(byTestId('nav-reports')).click();
  await page.waitForURL('**/reports');
  await nav.locator(`${byTestId('nav-reports')}[aria-current="page"]`).waitFor();
  assert.deepEqual(await current(), ['nav-reports'], 'only the page one is on');
  await assertNoAxeViolations(page, 'the reports page with the scrolling nav');
  await page.context().close();
});

test('a counselor signs in with a password and sees only their own school', async () => {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  const token = await pageToken(page);
  const overview = await apiGet(`${app.baseUrl}/api/schools`, token);
  assert.deepEqual(overview.schools.map((s) => s.id), ['E-101']);

  await page.waitForURL('**/schools/E-101');
  await page.locator(byTestId('student-row')).first().waitFor();
  assert.equal(await page.locator('h1').innerText(), overview.schools[0].name);
  assert.equal(await page.locator(byTestId('me-role')).innerText(), 'Counselor');
  assert.equal(await page.locator(byTestId('me-name')).innerText(), 'Luis Medina');
  // At 360 px the name wraps below the brand rather than under the sign-out button.
  // The text's own extent (a Range): a squeezed box lets its text spill out of it.
  const [who, signOut] = await page.evaluate(() =>
    ['signed-in-as', 'sign-out'].map((id) => {
      const range = document.createRange();
      range.selectNodeContents(document.querySelector(`[data-testid="${id}"]`));
      const { x, y, width, height } = range.getBoundingClientRect();
      return { x, y, width, height };
    }),
  );
  const apart = who.x + who.width <= signOut.x || signOut.x + signOut.width <= who.x
    || who.y + who.height <= signOut.y || signOut.y + signOut.height <= who.y;
  assert.ok(apart, `the name (${JSON.stringify(who)}) and "Sign out" (${JSON.stringify(signOut)}) do not overlap`);
  assert.equal(await page.getByRole('link', { name: /All schools/ }).count(), 0, 'no list of schools to go to');
  assert.equal(await page.locator(byTestId('nav-audit')).count(), 0, 'no admin pages');

  // Another school's page is not there for them.
  await page.goto(`${app.baseUrl}/schools/E-102`);
  await page.locator(byTestId('error-message')).waitFor();
  assert.equal(await page.locator(byTestId('student-row')).count(), 0);
  assert.deepEqual(besides(page.errors, 404), [], 'no console errors besides the 404');
  await page.context().close();
});

test('a student signs in with a code and sees only their own attendance', async () => {
  const page = await phonePage(browser);
  await signInWithCode(page, app.baseUrl, DEMO.student);
  // One record: straight to it.
  await page.waitForURL(`**/students/${DEMO.studentId}`);
  await page.locator(byTestId('missed-sentence')).waitFor();
  const token = await pageToken(page);
  const me = await apiGet(`${app.baseUrl}/api/me`, token);
  assert.deepEqual(me.students.map((s) => s.id), [DEMO.studentId]);
  const detail = await apiGet(`${app.baseUrl}/api/students/${DEMO.studentId}`, token);
  assert.equal(await page.locator('h1').innerText(), `Hi, ${detail.first_name}!`);
  assert.equal(await page.locator(byTestId('me-role')).innerText(), 'Student');
  await page.locator(byTestId('access-log')).waitFor();
  assert.equal((await apiGetAny(`${app.baseUrl}/api/students/S10013`, token)).status, 404);
  assert.equal((await apiGetAny(`${app.baseUrl}/api/schools`, token)).status, 403);
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a new staff member sets a password with an emailed code and is signed in', async () => {
  const page = await phonePage(browser);
  await page.goto(`${app.baseUrl}/signin`);
  await page.locator(byTestId('signin-mode-staff')).click();
  await page.locator(byTestId('staff-forgot')).click();
  await page.locator(byTestId('staff-email')).fill(DEMO.teacher);
  await page.locator(byTestId('staff-send-code')).click();
  await page.locator(byTestId('staff-code')).waitFor();
  await page.locator(byTestId('staff-code')).fill(await codeFromOutbox(app.baseUrl, DEMO.teacher));

  // Too short: said before anything is sent.
  await page.locator(byTestId('staff-new-password')).fill('short');
  await page.locator(byTestId('staff-reset-submit')).click();
  assert.match(await page.locator(byTestId('signin-error')).innerText(), /at least 10 characters/);

  await page.locator(byTestId('staff-new-password')).fill('maple leaves in autumn');
  await page.locator(byTestId('staff-reset-submit')).click();
  await page.waitForURL('**/schools/E-101');
  assert.equal(await page.locator(byTestId('me-role')).innerText(), 'Teacher');

  // The new password works; the old one no longer does.
  const fresh = await phonePage(browser);
  await signInAsStaff(fresh, app.baseUrl, DEMO.teacher, 'maple leaves in autumn');
  await fresh.waitForURL('**/schools/E-101');
  await fresh.context().close();
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('a session the API no longer accepts goes to sign-in and comes back to the page asked for', async () => {
  const page = await phonePage(browser);
  await signInAsStaff(page, app.baseUrl, DEMO.admin);
  await page.locator(byTestId('school-card')).first().waitFor();
  // Revoked elsewhere (another device signed out with the same token).
  const token = await pageToken(page);
  assert.equal((await apiPost(`${app.baseUrl}/api/auth/signout`, {}, token)).status, 204);

  await page.goto(`${app.baseUrl}/students/S10013`);
  await page.waitForURL((url) => url.pathname === '/signin');
  assert.equal(new URL(page.url()).searchParams.get('next'), '/students/S10013');
  assert.equal(await pageToken(page), null, 'the dead session is forgotten');

  await page.locator(byTestId('signin-mode-staff')).click();
  await page.locator(byTestId('staff-email')).fill(DEMO.admin);
  await page.locator(byTestId('staff-password')).fill(DEMO.password);
  await page.locator(byTestId('staff-submit')).click();
  await page.waitForURL('**/students/S10013');
  await page.locator(byTestId('days-enrolled')).waitFor();
  assert.deepEqual(besides(page.errors, 401), [], 'no console errors besides the 401');
  await page.context().close();
});

test('sign-in refusals and the code message are in the chosen language, whatever the API wrote', async () => {
  const page = await phonePage(browser);
  await page.goto(`${app.baseUrl}/signin`);
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator(byTestId('signin-contact')).fill('no es un contacto');
  await page.locator(byTestId('signin-send-code')).click();
  // Not caught by the form (it is not empty): the API's 400 `invalid_contact`, in Spanish.
  await page.locator(byTestId('signin-error')).filter({ hasText: 'Escriba un correo electrónico o un número de teléfono.' }).waitFor();
  await page.locator(byTestId('signin-contact')).fill('nadie@example.org');
  await page.locator(byTestId('signin-send-code')).click();
  assert.match(await page.locator(byTestId('signin-code-sent')).innerText(), /^Si este correo o teléfono está registrado/);
  await page.locator(byTestId('signin-mode-staff')).click();
  await page.locator(byTestId('staff-email')).fill(DEMO.counselor);
  await page.locator(byTestId('staff-password')).fill('not the password at all');
  await page.locator(byTestId('staff-submit')).click();
  await page.locator(byTestId('signin-error')).filter({ hasText: 'Ese correo y esa contraseña no coinciden.' }).waitFor();
  await page.screenshot({ path: 'target/screenshots/signin-es.png', fullPage: true });
  assert.deepEqual(besides(page.errors, 400, 401), [], 'no other console errors');
  await page.context().close();
});
