// Browser checks of what-if replays (issue #14): the Replays page of a job (list and start form), a refused start
// shown at the field the server names, a started replay's page with its progress bar watched to completion, and
// the comparison report (match rate, differing cells, the A-against-B chart, the top differing keys).
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=replay-ui TALLY_EXPECT_DIFFER=12 \
//   TALLY_SCREENSHOTS=../docs/screenshots node e2e/replay.e2e.mjs
//
// TALLY_JOB: a job whose latest version (2) changes the filter of the deployed one (1), reading a Kafka topic;
// TALLY_EXPECT_DIFFER: the number of differing cells the report must show; TALLY_SCREENSHOTS: directory for
// replays.png and replay.png.
import { resolve } from 'node:path';
import { runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const RUN_MS = 120_000;
const url = process.env.TALLY_URL || 'http://localhost:8080/';
const job = process.env.TALLY_JOB;
const expectDiffer = process.env.TALLY_EXPECT_DIFFER;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !expectDiffer) throw new Error('TALLY_JOB and TALLY_EXPECT_DIFFER are required');

const byTest = (id) => `[data-testid="${id}"]`;

async function text(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: WAIT_MS }))?.trim() ?? '';
}

async function refused(page) {
  await page.goto(`${url}jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('job-replays-link').click();
  await page.getByTestId('replays-page').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('replay-version').selectOption('2');
  await page.getByTestId('replay-kind-offsets').check();
  await page.getByTestId('replay-end').fill('0:99999999');
  await page.getByTestId('replay-start-button').click();
  const error = page.locator(byTest('replay-field-error'));
  await error.waitFor({ state: 'visible', timeout: WAIT_MS });
  const field = await error.getAttribute('data-field');
  const message = await text(page, byTest('replay-field-error'));
  if (field !== 'range.endOffsets[0]' || !message.includes('beyond the end')) {
    throw new Error(`refusal shown as ${field}: ${message}`);
  }
  if (!page.url().endsWith('/replays')) throw new Error(`a refused start navigated to ${page.url()}`);
}

async function replay(page) {
  await page.getByTestId('replay-end').fill('');
  await page.getByTestId('replay-parallelism').fill('2');
  await page.getByTestId('replay-start-button').click();
  await page.getByTestId('replay-page').waitFor({ state: 'visible', timeout: WAIT_MS });
  if (!/\/replays\/\d+$/.test(page.url())) throw new Error(`the started replay opened ${page.url()}`);
  // the progress bar, watched until the replay has read everything; every value seen is in [0, 1] and never falls
  const seen = [];
  const deadline = Date.now() + RUN_MS;
  for (;;) {
    const bar = page.locator(byTest('replay-progress-bar'));
    await bar.waitFor({ state: 'visible', timeout: WAIT_MS });
    const fraction = Number(await page.locator(byTest('replay-progress')).getAttribute('data-fraction'));
    const state = await page.locator(byTest('replay-state')).getAttribute('data-state');
    if (!(fraction >= 0 && fraction <= 1)) throw new Error(`progress ${fraction}`);
    if (seen.length > 0 && fraction < seen[seen.length - 1]) throw new Error(`progress went back: ${seen} then ${fraction}`);
    seen.push(fraction);
    if (state === 'SUCCEEDED') break;
    if (state !== 'RUNNING') throw new Error(`the replay ended ${state}: ${await text(page, byTest('replay-error')).catch(() => '')}`);
    if (Date.now() > deadline) throw new Error(`still running after ${RUN_MS} ms; progress ${seen}`);
    await page.waitForTimeout(150);
  }
  if (seen[seen.length - 1] !== 1) throw new Error(`ended at progress ${seen}`);
  const percent = await text(page, byTest('replay-percent'));
  if (percent !== '100%') throw new Error(`the bar says ${percent}`);
  console.log(`progress seen: ${[...new Set(seen)].join(' ')}`);
  await page.getByTestId('comparison-report').waitFor({ state: 'visible', timeout: WAIT_MS });
  const differ = await text(page, byTest('differ'));
  if (!differ.includes(Number(expectDiffer).toLocaleString('en-US')) && !differ.includes(expectDiffer)) {
    throw new Error(`the report shows ${differ} differing cells, expected ${expectDiffer}`);
  }
  await page.getByTestId('comparison-chart').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('top-differences').waitFor({ state: 'visible', timeout: WAIT_MS });
  const rate = await text(page, byTest('match-rate'));
  if (!rate.includes('%')) throw new Error(`match rate reads ${rate}`);
  await page.screenshot({ path: `${shots}/replay.png`, fullPage: true });
  await page.getByTestId('replays-link').click();
  await page.locator(`${byTest('replay-row')} ${byTest('replay-state')}[data-state="SUCCEEDED"]`).first()
    .waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/replays.png`, fullPage: true });
}

// Console errors are not counted: the refused start (400) is logged by the browser as a failed request.
await runE2e('replay', { shots, consoleErrors: false }, async (page) => {
  await refused(page);
  await replay(page);
});
