// Sign-in and roles in the dashboard (issue #15): the sign-in page, then each role sees only what it may do —
// a VIEWER no deploy, stop, upgrade or savepoint controls and no Users page, an OPERATOR those controls but no
// savepoint delete and no Users page, an ADMIN everything; the admin creates a user on the Users page, creates an
// API token on the Tokens page (shown once, and it works), revokes it (it stops working at once), and signs out.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=<deployed job> TALLY_USER=admin TALLY_PASSWORD=... \
//   TALLY_VIEWER=v TALLY_VIEWER_PASSWORD=... TALLY_OPERATOR=o TALLY_OPERATOR_PASSWORD=... node e2e/security.e2e.mjs
import { resolve } from 'node:path';
import { check, launch } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};
const job = env('TALLY_JOB');
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');

async function signedIn(browser, user, password, shot) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('sign-in-form').waitFor({ state: 'visible', timeout: WAIT_MS });
  if (shot) await page.screenshot({ path: `${shots}/sign-in.png`, fullPage: true });
  await page.getByTestId('sign-in-username').fill(user);
  await page.getByTestId('sign-in-password').fill('wrong password');
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-error').waitFor({ state: 'visible', timeout: WAIT_MS });
  check((await page.getByTestId('sign-in-error').textContent()).includes('wrong username or password'), 'no word on a wrong password');
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('account-name').filter({ hasText: user }).waitFor({ timeout: WAIT_MS });
  await page.getByTestId('job-title').waitFor({ state: 'visible', timeout: WAIT_MS }); // the deep link still opens
  return { page, context, errors };
}

const visible = (page, id) => page.getByTestId(id).first().isVisible();

const browser = await launch();
let code = 1;
try {
  // VIEWER
  const viewer = await signedIn(browser, env('TALLY_VIEWER'), env('TALLY_VIEWER_PASSWORD'), true);
  let p = viewer.page;
  check((await p.getByTestId('account-role').textContent()) === 'VIEWER', 'viewer role not shown');
  await p.getByTestId('results-table').waitFor({ state: 'visible', timeout: WAIT_MS });
  for (const id of ['deploy', 'stop', 'open-upgrade', 'open-rescale', 'take-savepoint', 'control-suspend']) {
    check(!(await visible(p, id)), `a VIEWER sees ${id}`);
  }
  check((await p.getByTestId('nav-users').count()) === 0, 'a VIEWER sees the Users page link');
  await p.getByTestId('nav-overview').click();
  await p.locator('[data-testid="job-row"]').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  check(!(await visible(p, 'spec-submit')), 'a VIEWER sees the submit form');
  await p.screenshot({ path: `${shots}/viewer-overview.png`, fullPage: true });
  check(viewer.errors.length === 0, viewer.errors.join('; '));
  await viewer.context.close();

  // OPERATOR
  const operator = await signedIn(browser, env('TALLY_OPERATOR'), env('TALLY_OPERATOR_PASSWORD'), false);
  p = operator.page;
  await p.getByTestId('results-table').waitFor({ state: 'visible', timeout: WAIT_MS });
  for (const id of ['deploy', 'stop', 'open-upgrade', 'open-rescale', 'take-savepoint']) {
    check(await visible(p, id), `an OPERATOR does not see ${id}`);
  }
  check((await p.getByTestId('nav-users').count()) === 0, 'an OPERATOR sees the Users page link');
  await p.getByTestId('nav-savepoints').click();
  await p.locator('[data-testid="catalog-row"]').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  check(await visible(p, 'pin'), 'an OPERATOR cannot pin');
  check(!(await visible(p, 'delete')), 'an OPERATOR sees delete');
  check(operator.errors.length === 0, operator.errors.join('; '));
  await operator.context.close();

  // ADMIN: users, tokens, sign-out
  const admin = await signedIn(browser, env('TALLY_USER'), env('TALLY_PASSWORD'), false);
  p = admin.page;
  await p.getByTestId('nav-savepoints').click();
  await p.locator('[data-testid="catalog-row"]').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  check(await visible(p, 'delete'), 'an ADMIN does not see delete');
  await p.getByTestId('nav-users').click();
  await p.getByTestId('user-row').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await p.getByTestId('user-name').fill('ui-made-user');
  await p.getByTestId('user-password').fill('ui-made-password');
  await p.getByTestId('user-role').selectOption('OPERATOR');
  await p.getByTestId('user-create').click();
  await p.locator('[data-testid="user-row"][data-user="ui-made-user"]').waitFor({ timeout: WAIT_MS });
  await p.screenshot({ path: `${shots}/users.png`, fullPage: true });

  await p.getByTestId('nav-tokens').click();
  await p.getByTestId('token-name').fill('nightly report');
  await p.getByTestId('token-create').click();
  await p.getByTestId('token-secret').waitFor({ state: 'visible', timeout: WAIT_MS });
  const secret = (await p.getByTestId('token-secret').textContent()).trim();
  check(secret.startsWith('tly_'), `token secret ${secret}`);
  await p.locator('[data-testid="token-row"][data-name="nightly report"]').waitFor({ timeout: WAIT_MS });
  await p.screenshot({ path: `${shots}/tokens.png`, fullPage: true });
  const me = async () => (await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${secret}` } })).status;
  check((await me()) === 200, 'the new token does not work');
  await p.locator('[data-testid="token-row"][data-name="nightly report"]').getByTestId('token-revoke').click();
  await p.locator('[data-testid="token-row"][data-name="nightly report"] [data-testid="token-state"]', { hasText: 'revoked' })
    .waitFor({ timeout: WAIT_MS });
  check((await me()) === 401, 'the revoked token still works');

  await p.getByTestId('sign-out').click();
  await p.getByTestId('sign-in-form').waitFor({ state: 'visible', timeout: WAIT_MS });
  check(admin.errors.length === 0, admin.errors.join('; '));
  console.log('security e2e: ok');
  code = 0;
} catch (e) {
  console.error(`security e2e: FAILED: ${e instanceof Error ? e.message : e}`);
} finally {
  await browser.close().catch(() => {});
}
process.exit(code);
