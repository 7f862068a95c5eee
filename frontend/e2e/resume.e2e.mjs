// A deployment that failed because its newest checkpoint cannot be read (issue #11): its page says why, a plain
// resume is refused, and "Resume from checkpoint…" names the newest readable one (from the error), says what is
// set aside, and resumes from it.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=e2e-damaged-ui TALLY_DAMAGED=<id> TALLY_READABLE=<id> node e2e/resume.e2e.mjs
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const { TALLY_JOB: job, TALLY_DAMAGED: damaged, TALLY_READABLE: readable } = process.env;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !damaged || !readable) throw new Error('TALLY_JOB, TALLY_DAMAGED and TALLY_READABLE are required');

function check(ok, message) {
  if (!ok) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  timeout: 60_000,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
});
const errors = [];
let code = 1;
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('failed-panel').waitFor({ state: 'visible', timeout: WAIT_MS });
  check((await page.getByTestId('last-error').textContent()).includes('refusing to resume'), 'the failure does not say why');

  await page.getByTestId('resume').click();
  await page.getByTestId('action-error').waitFor({ state: 'visible', timeout: WAIT_MS });
  const refusal = await page.getByTestId('action-error').textContent();
  check(refusal.includes('409') && refusal.includes(damaged), `plain resume: ${refusal}`);

  await page.getByTestId('resume-from').click();
  const dialog = page.getByTestId('resume-dialog');
  await dialog.waitFor({ state: 'visible', timeout: 5_000 });
  const prefilled = await page.getByTestId('resume-checkpoint').inputValue();
  check(prefilled === readable, `prefilled ${prefilled}, expected the newest readable ${readable}`);
  const says = (await dialog.textContent()).replace(/\s+/g, ' ');
  check(says.includes('sets aside') && says.includes(damaged) && says.includes('not deleted'), `the confirmation reads: ${says}`);
  await page.screenshot({ path: `${shots}/resume-dialog.png`, fullPage: true });

  await page.getByTestId('confirm-resume').click();
  await page.locator('[data-testid="job-page"] [data-testid="job-status"]', { hasText: 'RUNNING' }).waitFor({ timeout: WAIT_MS });
  await page.getByTestId('failed-panel').waitFor({ state: 'detached', timeout: WAIT_MS });
  check((await page.getByTestId('action-done').textContent()).includes(readable), 'no word that the resume was accepted');
  if (errors.length > 0) throw new Error(`errors in the page:\n  ${errors.join('\n  ')}`);
  console.log('resume e2e: ok');
  code = 0;
} catch (e) {
  console.error(`resume e2e: FAILED: ${e instanceof Error ? e.message : e}`);
  for (const line of errors.slice(0, 20)) console.error(`  ${line}`);
  if (page) await page.screenshot({ path: `${shots}/resume-failure.png`, fullPage: true }).catch(() => {});
} finally {
  await browser.close().catch(() => {});
}
process.exit(code);
