// Browser checks of the State page (issue #14): a key lookup live and in a savepoint, the top N of the open
// window, a refused parameter shown at its field, and the diff of the two newest savepoints.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_STATE_JOB=state-ui TALLY_STATE_WINDOW=1699999980000 \
//   TALLY_STATE_OLDER=<savepoint id> TALLY_SCREENSHOTS=../target node e2e/state.e2e.mjs
//
// TALLY_STATE_JOB: a running job counting per key (aggregate n) in an open window starting at TALLY_STATE_WINDOW,
// where k0 counts 300 and k1..k4 200 each; TALLY_STATE_OLDER: an older savepoint where k0 counted 200 (the newest
// savepoint holds the live counts). Screenshots: state-job-link.png (the job page's link), state-live.png, state-savepoint.png, state-diff.png.
import { resolve } from 'node:path';
import { runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const url = process.env.TALLY_URL || 'http://localhost:8080/';
const job = process.env.TALLY_STATE_JOB;
const windowStart = process.env.TALLY_STATE_WINDOW;
const older = process.env.TALLY_STATE_OLDER;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !windowStart || !older) throw new Error('TALLY_STATE_JOB, TALLY_STATE_WINDOW and TALLY_STATE_OLDER are required');

/** The value of n in the answer's row of `key`. */
async function valueOf(page, key) {
  const cell = page.locator(`[data-testid="state-row"][data-key=${JSON.stringify(key)}] [data-testid="value-n"]`);
  await cell.waitFor({ state: 'visible', timeout: WAIT_MS });
  return (await cell.textContent())?.trim();
}

async function expectValue(page, key, want, what) {
  const got = await valueOf(page, key);
  if (got !== want) throw new Error(`${what}: ${key} shows ${got}, expected ${want}`);
}

/** Reads after the previous answer is gone, so that a stale answer is never taken for the new one. */
async function read(page) {
  await page.getByTestId('state-ask').click();
  await page.getByTestId('state-answer').waitFor({ state: 'visible', timeout: WAIT_MS });
}

async function openStatePage(page) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  const row = page.locator(`[data-testid="job-row"][data-job=${JSON.stringify(job)}]`);
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  await row.getByTestId('job-link').click();
  await page.getByTestId('open-state').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/state-job-link.png` });
  await page.getByTestId('open-state').click();
  await page.getByTestId('state-page').waitFor({ state: 'visible', timeout: WAIT_MS });
  // the source list offers the live job once the page knows it runs
  await page.waitForFunction(() => document.querySelector('[data-testid="state-source"]')?.value === 'live', null, { timeout: WAIT_MS });
}

async function liveLookup(page) {
  await page.getByTestId('state-kind-key').check();
  await page.getByTestId('state-key').fill('k0');
  await page.getByTestId('state-windowStart').fill(windowStart);
  await read(page);
  await expectValue(page, 'k0', '300', 'live lookup');
  const stamp = page.getByTestId('state-stamp');
  if ((await stamp.getAttribute('data-source')) !== 'live') throw new Error('the answer is not stamped live');
  const text = (await stamp.innerText()).replace(/\s+/g, ' ');
  if (!/watermark \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(text) || !/checkpoint #\d+/.test(text)) {
    throw new Error(`the live answer does not say its watermark and checkpoint: ${text}`);
  }
  await page.screenshot({ path: `${shots}/state-live.png`, fullPage: true });
}

async function topAndRefusal(page) {
  await page.getByTestId('state-kind-top').check();
  await page.getByTestId('state-n').fill('0');
  await page.getByTestId('state-ask').click();
  const problem = page.getByTestId('problem-n');
  await problem.waitFor({ state: 'visible', timeout: WAIT_MS });
  if (!(await problem.textContent())?.includes('between 1 and')) throw new Error(`n=0 refused with: ${await problem.textContent()}`);
  await page.getByTestId('state-n').fill('3');
  await page.getByTestId('state-windowStart').fill(windowStart);
  await read(page);
  const rows = page.getByTestId('state-row');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="state-row"]').length === 3, null, { timeout: WAIT_MS });
  const first = await rows.first().getAttribute('data-key');
  if (first !== 'k0') throw new Error(`top 3 starts with ${first}, expected k0`);
  await page.getByTestId('state-truncated').waitFor({ state: 'visible', timeout: WAIT_MS });
}

async function savepointLookup(page) {
  await page.getByTestId('state-source').selectOption(older);
  await page.getByTestId('state-kind-key').check();
  await page.getByTestId('state-key').fill('k0');
  await page.getByTestId('state-windowStart').fill(windowStart);
  await read(page);
  await expectValue(page, 'k0', '200', 'savepoint lookup');
  if ((await page.getByTestId('state-stamp').getAttribute('data-source')) !== 'savepoint') throw new Error('not stamped savepoint');
  await page.screenshot({ path: `${shots}/state-savepoint.png`, fullPage: true });
}

async function diff(page) {
  await page.getByTestId('diff-from').selectOption(older);
  await page.getByTestId('diff-compare').click();
  const change = page.locator('[data-testid="diff-change"][data-key="k0"]');
  await change.waitFor({ state: 'visible', timeout: WAIT_MS });
  if ((await change.getAttribute('data-status')) !== 'DIFFER') throw new Error('k0 is not listed as differing');
  const cells = (await change.locator('td').allInnerTexts()).map((t) => t.trim());
  if (!cells.includes('200') || !cells.includes('300')) throw new Error(`k0's change shows ${cells.join(' | ')}`);
  const differ = (await page.getByTestId('diff-differ').textContent())?.trim();
  if (differ !== '1') throw new Error(`${differ} entries differ, expected 1`);
  await page.screenshot({ path: `${shots}/state-diff.png`, fullPage: true });
}

// 400 answers are expected here (the refused n): Chromium logs them as console errors
await runE2e('state', { shots, consoleErrors: false }, async (page) => {
  await openStatePage(page);
  await liveLookup(page);
  await topAndRefusal(page);
  await savepointLookup(page);
  await diff(page);
});
