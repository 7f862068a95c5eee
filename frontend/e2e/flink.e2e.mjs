// A deployment on Flink in the dashboard (issue #16): the job page shows its target, Flink job id, Flink state
// and checkpoint counts, takes a savepoint through the Flink panel, the catalog shows it with engine flink and the
// Flink version; a spec Flink cannot run shows its compatibility report (UNSUPPORTED) before deploying.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=on-flink TALLY_FLINK_JOB=<id> TALLY_UNSUPPORTED_JOB=not-on-flink \
//     node e2e/flink.e2e.mjs
import { resolve } from 'node:path';
import { check, runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const { TALLY_JOB: job, TALLY_FLINK_JOB: flinkJob, TALLY_UNSUPPORTED_JOB: unsupported } = process.env;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !flinkJob || !unsupported) throw new Error('TALLY_JOB, TALLY_FLINK_JOB and TALLY_UNSUPPORTED_JOB are required');

await runE2e('flink', { shots }, async (page) => {
  await page.goto(`${base}/jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('flink-section').waitFor({ state: 'visible', timeout: WAIT_MS });
  check((await page.getByTestId('deployment-target').textContent()).trim() === 'Flink', 'the header does not say Flink');
  await page.locator('[data-testid="flink-job-id"]', { hasText: flinkJob }).waitFor({ timeout: WAIT_MS });
  await page.locator('[data-testid="flink-state"]', { hasText: 'RUNNING' }).waitFor({ timeout: WAIT_MS });
  check(/\d+ completed, \d+ failed, \d+ restored/.test(await page.getByTestId('flink-checkpoints').textContent()),
    'no checkpoint counts');
  check(await page.getByTestId('open-upgrade').isDisabled(), "the embedded engine's Upgrade… is offered for a Flink deployment");

  await page.getByTestId('flink-savepoint').click();
  await page.getByTestId('flink-done').waitFor({ state: 'visible', timeout: 120_000 });
  const done = await page.getByTestId('flink-done').textContent();
  check(done.includes('registered in the catalog'), `savepoint: ${done}`);
  const id = done.match(/savepoint (\S+) registered/)[1];
  await page.screenshot({ path: `${shots}/flink-deployment.png`, fullPage: true });

  await page.goto(`${base}/savepoints`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  const row = page.locator(`[data-testid="catalog-row"][data-id="${id}"]`);
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  check((await row.getByTestId('engine').textContent()).includes('flink 2.2.1'), 'the catalog row does not name flink 2.2.1');
  await page.screenshot({ path: `${shots}/flink-catalog.png`, fullPage: true });

  await page.goto(`${base}/jobs/${encodeURIComponent(unsupported)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('deploy-target-select').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('deploy-target-select').selectOption('flink');
  await page.getByTestId('flink-report').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('flink-unsupported').waitFor({ state: 'visible', timeout: WAIT_MS });
  check(await page.locator('[data-testid="flink-feature"][data-support="UNSUPPORTED"]').count() > 0, 'no UNSUPPORTED row');
  check((await page.getByTestId('deploy').textContent()).includes('to Flink'), 'the deploy button does not say Flink');
  check(await page.getByTestId('deploy').isDisabled(), 'deploying a spec Flink cannot run is offered');
  await page.screenshot({ path: `${shots}/flink-compatibility.png`, fullPage: true });
});
