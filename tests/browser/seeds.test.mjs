// What the seeds asked for, in Chromium: Best attendance for the morning announcement and its
// hallway screen (seed 000), the public report and its CSV without signing in (seeds 001 and
// 003), and the picture of students and their trusted adults that sets apart the students
// with none (seed 000). Each page is checked against the API's own figures, on a 360 px phone
// (and the hallway screen on a wide one), and passes axe-core.
// Run: node --test tests/browser/seeds.test.mjs  (after cargo build -p api and scripts/build-frontend.sh)

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  DEMO,
  DESKTOP,
  apiGet,
  apiPost,
  assertNoAxeViolations,
  byTestId,
  percentBp,
  phonePage,
  signInAsStaff,
  staffToken,
  startAppAndBrowser,
} from './harness.mjs';

let app;
let browser;

startAppAndBrowser((a, b) => {
  app = a;
  browser = b;
});

const api = (path) => `${app.baseUrl}/api${path}`;

function noExceptions(page) {
  assert.deepEqual(page.errors.filter((e) => e.startsWith('exception')), [], 'no exceptions');
}

/** The page scrolls sideways nowhere: nothing is wider than the screen. */
async function fitsTheWidth(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what}: ${scroll} px wide on a ${client} px screen`);
}

/** No table of the public report scrolls sideways in its box. */
async function tablesFit(page, language) {
  const wide = await page.locator('.public-table').evaluateAll((els) =>
    els
      .filter((t) => t.parentElement.scrollWidth > t.parentElement.clientWidth)
      .map((t) => `${t.dataset.testid}: ${t.parentElement.scrollWidth} px`),
  );
  assert.deepEqual(wide, [], `every table fits 360 px in ${language}`);
}

test('a teacher opens Best attendance and sees the homerooms the API names, then the hallway screen', async () => {
  const token = await staffToken(app.baseUrl, DEMO.teacher);
  const r = await apiGet(api('/schools/E-101/recognition'), token);
  const day = r.periods.find((w) => w.period === 'day');
  assert.ok(day?.best.length > 0, 'the demo has a best homeroom on the last school day');

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.teacher);
  await page.locator(byTestId('nav-recognition')).click();
  const winners = page.locator(`${byTestId('recognition-day-winners')} ${byTestId('best')} ${byTestId('winner')}`);
  await winners.first().waitFor();
  assert.deepEqual(
    await winners.evaluateAll((els) => els.map((el) => el.dataset.homeroom)),
    day.best.map((s) => s.homeroom),
  );
  const first = await winners.first().innerText();
  assert.match(first, new RegExp(`Homeroom ${day.best[0].homeroom}`));
  assert.match(first, new RegExp(`${percentBp(day.best[0].attendance_bp).replace('.', '\\.')} present`));
  // The sentence to read aloud names every best homeroom once.
  const said = await page.locator(byTestId('announcement')).innerText();
  for (const s of day.best) assert.ok(said.includes(`Homeroom ${s.homeroom}`), `${s.homeroom} in "${said}"`);
  await fitsTheWidth(page, 'Best attendance at 360 px');
  await assertNoAxeViolations(page, 'Best attendance');
  noExceptions(page);

  // The hallway screen: the same winners, large, without the header and the tools; it
  // follows the latest school day (no date pinned in its address).
  await page.locator(byTestId('open-screen')).click();
  await page.waitForURL((u) => u.searchParams.get('screen') === '1');
  assert.equal(new URL(page.url()).searchParams.get('date'), null);
  await page.locator('.hallway').waitFor();
  assert.equal(await page.locator('.site').isVisible(), false, 'the header is off the screen');
  assert.equal(await page.locator(byTestId('recognition-day')).count(), 0, 'no day chooser');
  assert.equal(await page.locator(byTestId('announcement')).count(), 0, 'no announcement text');
  assert.equal(await winners.count(), day.best.length);
  await fitsTheWidth(page, 'hallway screen at 360 px');
  await assertNoAxeViolations(page, 'the hallway screen');

  await page.setViewportSize(DESKTOP);
  const styles = await page.locator('.hallway').evaluate((el) => {
    const name = el.querySelector('.winners .name');
    return {
      background: getComputedStyle(document.body).backgroundColor,
      nameSize: parseFloat(getComputedStyle(name).fontSize),
      columns: getComputedStyle(el.querySelector('.periods')).gridTemplateColumns.split(' ').length,
    };
  });
  assert.equal(styles.background, 'rgb(18, 53, 91)', 'the hallway screen is the app blue');
  assert.ok(styles.nameSize >= 28, `a homeroom's name reads from afar (${styles.nameSize} px)`);
  assert.equal(styles.columns, r.periods.length, 'day, week and month side by side on a wide screen');
  await page.locator(byTestId('leave-screen')).click();
  await page.locator(byTestId('announcement')).waitFor();
  noExceptions(page);
});

test('the public report, without signing in, shows the district table and hides small cells', async () => {
  const report = await apiGet(api('/public/report'));
  const page = await phonePage(browser, { timeout: 60_000 });
  await page.goto(`${app.baseUrl}/signin`);
  await page.locator(byTestId('public-report-link')).click();
  const district = page.locator(`${byTestId('public-district-table')} tbody ${byTestId('public-row')}`);
  await district.first().waitFor();
  const rows = await district.evaluateAll((els) =>
    els.map((el) => ({ group: el.dataset.group, cells: [...el.querySelectorAll('td')].map((td) => td.innerText) })),
  );
  assert.deepEqual(
    rows,
    report.district.rows.map((r) => ({
      group: r.group,
      cells: r.suppressed ? ['—', '—', '—'] : [String(r.students), String(r.chronic), percentBp(r.chronic_rate_bp)],
    })),
  );
  const names = await page.locator(`${byTestId('public-district-table')} tbody th`).allInnerTexts();
  for (const s of report.schools) assert.ok(names.includes(s.name), `${s.name} in the district table`);

  // Every suppressed cell: a dash, read as "not shown", never a figure.
  const hidden = page.locator(`${byTestId('public-row')}[data-suppressed="true"]`);
  const expected = report.schools.flatMap((s) =>
    [s.by_grade, s.by_subgroup].flatMap((t) => (t ? t.rows.filter((r) => r.suppressed) : [])),
  );
  assert.ok(expected.length > 0, 'the demo has small groups');
  assert.equal(await hidden.count(), expected.length + report.district.rows.filter((r) => r.suppressed).length);
  for (const cells of await hidden.evaluateAll((els) => els.map((el) => [...el.querySelectorAll('td')].map((td) => td.textContent)))) {
    assert.deepEqual(cells, ['—not shown', '—not shown', '—not shown']);
  }
  // The rate, the figure that matters, is on the screen of a phone, not scrolled out of it.
  await tablesFit(page, 'English');
  await fitsTheWidth(page, 'public report at 360 px');
  await assertNoAxeViolations(page, 'the public report');

  // In Spanish, the same page and figures.
  await page.locator(byTestId('language')).selectOption('es');
  await page.locator('h1', { hasText: 'Ausentismo crónico en nuestras escuelas' }).waitFor();
  assert.equal(await page.locator(byTestId('public-csv')).innerText(), 'Descargar como CSV');
  assert.equal(
    await hidden.first().locator('td .visually-hidden').first().textContent(),
    'no se muestra',
  );
  assert.equal(await page.locator(`${byTestId('public-district-table')} tfoot th`).innerText(), 'Todos los estudiantes');
  await tablesFit(page, 'Spanish');
  await fitsTheWidth(page, 'public report in Spanish at 360 px');
  noExceptions(page);
});

test('the public report downloads as CSV, with the same figures and empty small cells', async () => {
  const report = await apiGet(api('/public/report'));
  const page = await phonePage(browser, { timeout: 60_000 });
  await page.goto(`${app.baseUrl}/public`);
  const link = page.locator(byTestId('public-csv'));
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'chronic-absence-report.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split('\n');
  assert.equal(
    lines[0],
    'school_id,school_name,breakdown,group,students,chronic,chronic_rate,last_year_chronic_rate,note',
  );
  const t = report.district.total;
  assert.equal(lines[1], `*,District,district,total,${t.students},${t.chronic},${(t.chronic_rate_bp / 10_000).toFixed(4)},,last year not available`);
  const suppressed = lines.filter((l) => l.includes('suppressed:'));
  assert.ok(suppressed.length > 0);
  for (const l of suppressed) assert.match(l, /,,,,,suppressed: /, `no figure in ${l}`);
  assert.equal(page.url(), `${app.baseUrl}/public`, 'the page stays where it was');
  noExceptions(page);
});

test('the connections picture marks the students without a trusted adult, and follows a new mark', async () => {
  const token = await staffToken(app.baseUrl, DEMO.counselor);
  const before = await apiGet(api('/schools/E-101/connections'), token);
  // The counselor marks a trusted relationship with one student; the picture must join them.
  const joined = before.students.find((s) => s.no_connection && s.band === 'satisfactory') ?? before.students.at(-1);
  assert.equal((await apiPost(api(`/students/${joined.student_id}/connections`), {}, token)).status, 200);
  const m = await apiGet(api('/schools/E-101/connections'), token);

  const page = await phonePage(browser, { timeout: 60_000 });
  await signInAsStaff(page, app.baseUrl, DEMO.counselor);
  await page.goto(`${app.baseUrl}/connections?school=E-101`);
  const dots = page.locator(byTestId('web-student'));
  await dots.first().waitFor();
  assert.equal(await dots.count(), m.students.length, 'every student once');
  const none = await page.locator(`${byTestId('web-student')}[data-none="true"]`).evaluateAll((els) =>
    els.map((el) => el.dataset.studentId).sort(),
  );
  assert.deepEqual(none, m.students.filter((s) => s.no_connection).map((s) => s.student_id).sort());
  assert.equal(none.length, m.without_connection);
  assert.ok(!none.includes(joined.student_id));

  // The students with none are the large dots inside the shaded box, above everyone else.
  const shape = await page.locator(byTestId('connection-web-svg')).evaluate((svg) => {
    const box = svg.querySelector('.alone-box').getBoundingClientRect();
    const dot = (g) => {
      const r = g.querySelector('circle:not(.hit)').getBoundingClientRect();
      return { id: g.dataset.studentId, none: g.dataset.none === 'true', top: r.top, bottom: r.bottom, size: r.width };
    };
    return { box: { top: box.top, bottom: box.bottom }, width: svg.getBoundingClientRect().width, dots: [...svg.querySelectorAll('[data-testid="web-student"]')].map(dot) };
  });
  assert.ok(shape.width <= 360, `the picture fits a phone (${shape.width} px)`);
  for (const d of shape.dots) {
    const inside = d.top >= shape.box.top && d.bottom <= shape.box.bottom;
    assert.equal(inside, d.none, `${d.id} ${d.none ? 'inside' : 'outside'} the box`);
  }
  const big = Math.min(...shape.dots.filter((d) => d.none).map((d) => d.size));
  const small = Math.max(...shape.dots.filter((d) => !d.none).map((d) => d.size));
  assert.ok(big > small, `a student without is drawn larger (${big} > ${small} px)`);
  const hub = page.locator(byTestId('web-adult'));
  assert.equal(await hub.count(), new Set(m.students.flatMap((s) => s.connections.map((c) => c.staff_id))).size);

  // A tap names a dot; the text alternative counts what the picture shows.
  const name = `${joined.first_name} ${joined.last_name}`;
  await page.locator(`${byTestId('web-student')}[data-student-id="${joined.student_id}"]`).click();
  assert.equal(await page.locator(byTestId('connection-web-picked')).innerText(), `${name}. Trusted adults: Luis Medina.`);
  const alone = m.students.find((s) => s.no_connection);
  await page.locator(`${byTestId('web-student')}[data-student-id="${alone.student_id}"]`).click();
  assert.equal(
    await page.locator(byTestId('connection-web-picked')).innerText(),
    `${alone.first_name} ${alone.last_name}: no trusted adult yet.`,
  );
  assert.match(
    await page.locator(byTestId('connection-web-summary')).innerText(),
    new RegExp(`^Students: ${m.students.length}\\. Trusted adults: 1\\. Students with no trusted adult: ${m.without_connection},`),
  );

  // Marking in the list below moves that student's dot out of the box at once.
  const row = page.locator(`${byTestId('connection-row')}[data-student-id="${alone.student_id}"]`);
  await row.locator(byTestId('connection-toggle')).click();
  const dot = page.locator(`${byTestId('web-student')}[data-student-id="${alone.student_id}"]`);
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="web-student"][data-student-id="${id}"]`)?.dataset.none === 'false',
    alone.student_id,
  );
  assert.equal(await dot.getAttribute('data-none'), 'false');
  assert.equal(await page.locator(`${byTestId('web-student')}[data-none="true"]`).count(), m.without_connection - 1);
  await fitsTheWidth(page, 'connections at 360 px');
  await assertNoAxeViolations(page, 'connections with the picture');
  noExceptions(page);
});
