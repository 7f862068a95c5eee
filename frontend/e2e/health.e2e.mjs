// The service's readiness in the overview header (issue #15): "not ready: engine" while a deployment has failed,
// then "ready" once it was resumed from a readable checkpoint (this script resumes it through the API).
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=<failed job> TALLY_READABLE=<checkpoint id> node e2e/health.e2e.mjs
import { resolve } from 'node:path';
import { check, runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const { TALLY_JOB: job, TALLY_READABLE: readable } = process.env;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !readable) throw new Error('TALLY_JOB and TALLY_READABLE are required');

await runE2e('health', { shots }, async (page) => {
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  const badge = page.getByTestId('health');
  await page.locator('[data-testid="health"][data-status="DOWN"]').waitFor({ timeout: WAIT_MS });
  const down = (await badge.textContent()).trim();
  check(down === 'not ready: engine', `the header reads "${down}"`);
  await page.locator(`[data-testid="job-row"][data-job="${job}"] [data-testid="job-status"]`, { hasText: 'FAILED' })
    .waitFor({ timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/overview-not-ready.png`, fullPage: true });

  // as the signed-in page would: the session's cookie and its CSRF token in the header
  const xsrf = (await page.context().cookies()).find((c) => c.name === 'XSRF-TOKEN')?.value ?? '';
  const resumed = await page.request.post(`${base}/api/jobs/${encodeURIComponent(job)}/resume?checkpoint=${readable}`,
    { headers: { 'X-XSRF-TOKEN': xsrf } });
  check(resumed.status() === 200, `resume answered ${resumed.status()}`);
  await page.locator('[data-testid="health"][data-status="UP"]').waitFor({ timeout: WAIT_MS });
  const up = (await badge.textContent()).trim();
  check(up === 'ready', `the header reads "${up}" once the job runs again`);
});
