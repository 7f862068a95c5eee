// A deployment that failed because its newest checkpoint cannot be read (issue #11): its page says why, a plain
// resume is refused, and "Resume from checkpoint…" names the newest readable one (from the error), says what is
// set aside, and resumes from it.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=e2e-damaged-ui TALLY_DAMAGED=<id> TALLY_READABLE=<id> node e2e/resume.e2e.mjs
import { resolve } from 'node:path';
import { check, runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const { TALLY_JOB: job, TALLY_DAMAGED: damaged, TALLY_READABLE: readable } = process.env;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !damaged || !readable) throw new Error('TALLY_JOB, TALLY_DAMAGED and TALLY_READABLE are required');

// Console errors are not counted: the refused plain resume (409) is logged by the browser as a failed request.
await runE2e('resume', { shots, consoleErrors: false }, async (page) => {
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
});
