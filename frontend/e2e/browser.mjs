// What every end-to-end script shares: Debian's Chromium launched headless with the flags this machine needs
// (no browser download, no background network), and one way to run steps, report and exit.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Launches Chromium (`$CHROMIUM`, else /usr/bin/chromium) headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Throws `message` unless `ok`. */
export function check(ok, message) {
  if (!ok) throw new Error(message);
}

/**
 * Signs in through the dashboard's own sign-in page at `base` as `$TALLY_USER` with `$TALLY_PASSWORD` (the Java
 * tests set both) and waits until the signed-in dashboard shows; the session cookie stays in the page's context.
 */
export async function signIn(page, base = process.env.TALLY_URL || 'http://localhost:8080/') {
  const user = process.env.TALLY_USER;
  const password = process.env.TALLY_PASSWORD;
  if (!user || !password) throw new Error('TALLY_USER and TALLY_PASSWORD are required to sign in');
  await page.goto(base, { waitUntil: 'domcontentloaded', timeout: 30_000 });
  await page.getByTestId('sign-in-username').fill(user);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('account-name').filter({ hasText: user }).waitFor({ timeout: 30_000 });
}

/**
 * Runs `steps(page)` in a fresh 1280×900 page, signed in first (see signIn; before the error listeners, since
 * the sign-in page's own "who am I?" is answered 401), failing on any page error (and console error unless
 * `consoleErrors` is false), prints `<name> e2e: ok` or what failed with a screenshot `<name>-failure.png` in
 * `shots`, and exits the process with 0 or 1. `onPage(page)` may add listeners before the steps.
 */
export async function runE2e(name, { shots, consoleErrors = true, onPage = () => {}, signedIn = true }, steps) {
  const browser = await launch();
  const errors = [];
  let code = 1;
  let page;
  try {
    mkdirSync(shots, { recursive: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    if (signedIn) await signIn(page);
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    if (consoleErrors) page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    onPage(page);
    await steps(page);
    if (errors.length > 0) throw new Error(`errors in the page:\n  ${errors.join('\n  ')}`);
    console.log(`${name} e2e: ok`);
    code = 0;
  } catch (e) {
    console.error(`${name} e2e: FAILED: ${e instanceof Error ? e.message : e}`);
    if (page) console.error(`  url: ${page.url()}`);
    for (const line of errors.slice(0, 20)) console.error(`  ${line}`);
    if (page) await page.screenshot({ path: `${shots}/${name}-failure.png`, fullPage: true }).catch(() => {});
  } finally {
    await browser.close().catch(() => {});
  }
  process.exit(code);
}
