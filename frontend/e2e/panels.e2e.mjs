// Browser checks of the job panels (issue #12): a finished bounded job (watermark +∞), an error boundary around
// each panel, and the restore dialog with its policies.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_FINISHED_JOB=e2e-finished TALLY_FINISHED_EXPECT='{"campaign-000":2}' \
//   TALLY_RESTORE_JOB=e2e-restore-ui TALLY_SCREENSHOTS=../target node e2e/panels.e2e.mjs
//
// TALLY_FINISHED_JOB: a job whose bounded source ended (its panel must show "+∞ (end of input)");
// TALLY_FINISHED_EXPECT: key -> value of the first aggregate in its latest window; TALLY_RESTORE_JOB: a stopped
// job whose newest savepoint does not fit its latest version (restored here with drain-first; the latest
// version has checkpoints); TALLY_SCREENSHOTS: directory for finished.png, boundary.png, restore.png.
import { resolve } from 'node:path';
import { runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const url = process.env.TALLY_URL || 'http://localhost:8080/';
const finished = process.env.TALLY_FINISHED_JOB;
const expect = JSON.parse(process.env.TALLY_FINISHED_EXPECT || '{}');
const restoreJob = process.env.TALLY_RESTORE_JOB;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!finished || !restoreJob) throw new Error('TALLY_FINISHED_JOB and TALLY_RESTORE_JOB are required');

/** Opens the job's page from the overview, moving between pages without reloading. */
async function select(page, job) {
  await page.getByTestId('nav-overview').click();
  const row = page.locator(`[data-testid="job-row"][data-job=${JSON.stringify(job)}]`);
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  await row.getByTestId('job-link').click();
  await page.waitForFunction((j) => document.querySelector('[data-testid="job-panel"]')?.getAttribute('data-job') === j, job, {
    timeout: WAIT_MS,
  });
}

async function expectLatestWindow(page) {
  for (const [key, want] of Object.entries(expect)) {
    const cell = page.locator(`[data-testid="result-row"][data-key=${JSON.stringify(key)}] [data-testid="result-value"]`);
    await cell.waitFor({ state: 'visible', timeout: WAIT_MS });
    const text = (await cell.textContent())?.trim();
    if (text !== String(want)) throw new Error(`latest window: ${key} shows ${text}, expected ${want}`);
  }
}

async function finishedJob(page) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await select(page, finished);
  const tile = page.getByTestId('metric-watermark');
  await page.waitForFunction(() => document.querySelector('[data-testid="metric-watermark"]')?.textContent?.includes('+∞ (end of input)'),
    null, { timeout: WAIT_MS }).catch(async () => {
    throw new Error(`watermark tile reads ${JSON.stringify(await tile.textContent().catch(() => null))}`);
  });
  await expectLatestWindow(page);
  // the other job's panel renders too (one finished job used to break every panel until a reload)
  await select(page, restoreJob);
  await page.getByTestId('savepoints').waitFor({ state: 'visible', timeout: WAIT_MS });
  await select(page, finished);
  await expectLatestWindow(page);
  await page.screenshot({ path: `${shots}/finished.png`, fullPage: true });
}

async function boundary(page) {
  // a savepoint catalog the panel cannot render: only that panel shows its error, the rest renders
  const route = `**/api/jobs/${finished}/savepoints`;
  await page.route(route, (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '[{"id":null}]' }));
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await select(page, finished);
  const error = page.locator('[data-testid="panel-error"][data-panel="Checkpoints and savepoints"]');
  await error.waitFor({ state: 'visible', timeout: WAIT_MS });
  await expectLatestWindow(page);
  await page.getByTestId('metric-watermark').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('results-table').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/boundary.png`, fullPage: true });
  await page.unroute(route);
}

async function restoreWithPolicy(page) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await select(page, restoreJob);
  await page.getByTestId('restore-savepoint').first().click();
  const dialog = page.getByTestId('restore-dialog');
  await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
  for (const p of ['fail', 'reset-windows', 'drain-first']) {
    await page.getByTestId(`policy-${p}`).waitFor({ state: 'visible', timeout: 5_000 });
  }
  const text = await dialog.innerText();
  for (const words of ['window.size: 10s → 5s', 'Nothing counted is lost', 'open windows is lost', 'change nothing']) {
    if (!text.includes(words)) throw new Error(`restore dialog does not say ${JSON.stringify(words)}:\n${text}`);
  }
  if (!(await page.getByTestId('confirm-restore').isDisabled())) throw new Error('restore offered before a policy was chosen');
  await page.getByTestId('policy-drain-first').check();
  await page.screenshot({ path: `${shots}/restore-dialog.png`, fullPage: true });
  await page.getByTestId('confirm-restore').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="savepoint-message"]')?.textContent?.includes('Deployed'),
    null, { timeout: WAIT_MS }).catch(async () => {
    throw new Error(`no "Deployed" message: ${await page.getByTestId('savepoint-message').textContent().catch(() => '(none)')}`);
  });
  // the restored version takes exactly-once checkpoints: the figures read as words with their spaces
  await page.waitForFunction(
    () => /Exactly-once checkpoints: \d+ completed this run; last took \d+ ms, [\d.]+ [KM]iB, \d+ entries/.test(
      document.querySelector('[data-testid="checkpoint-stats"]')?.textContent?.replace(/\s+/g, ' ') ?? ''),
    null, { timeout: WAIT_MS }).catch(async () => {
    throw new Error(`checkpoint figures read ${JSON.stringify(await page.getByTestId('checkpoint-stats').textContent())}`);
  });
  await page.screenshot({ path: `${shots}/restore.png`, fullPage: true });
}

await runE2e('panels', { shots }, async (page) => {
  await finishedJob(page);
  await boundary(page);
  await restoreWithPolicy(page);
});
