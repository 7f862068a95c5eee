// Browser check of A/B experiments (issue #14): from the job page, start an experiment of v2 (which filters a key
// out) against the running v1 deployment; on its page, read the live comparison report until windows were compared
// and differences show (the differing key in the table, both sides' figures); promote it with its confirmation;
// see it PROMOTED with its upgrade operation, and listed on the experiments page.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=exp-ui TALLY_SCREENSHOTS=../docs/screenshots node e2e/experiment.e2e.mjs
//
// TALLY_JOB: a running job at v1 (with checkpoints, records flowing) whose v2 keeps its state but filters key k3
// out; TALLY_SCREENSHOTS: directory for experiment.png, experiment-promoted.png and experiments.png.
import { resolve } from 'node:path';
import { check, runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const REPORT_MS = 60_000;
const url = process.env.TALLY_URL || 'http://localhost:8080/';
const job = process.env.TALLY_JOB;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job) throw new Error('TALLY_JOB is required');

const byTest = (id) => `[data-testid="${id}"]`;

async function text(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: WAIT_MS }))?.trim() ?? '';
}

async function start(page) {
  await page.goto(`${url}jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.waitForFunction(() => document.querySelector('[data-testid="desired-state"]')?.textContent === 'RUNNING', null, { timeout: WAIT_MS });
  await page.getByTestId('open-experiment').click();
  const form = byTest('experiment-start');
  await page.locator(`${form} ${byTest('experiment-version')}`).selectOption('2');
  await page.locator(`${form} ${byTest('experiment-start-button')}`).click();
  await page.waitForURL(/\/jobs\/[^/]+\/experiments\/\d+$/, { timeout: WAIT_MS });
  const state = await text(page, byTest('experiment-state'));
  check(state === 'RUNNING', `the new experiment is ${state}`);
  const topics = await text(page, byTest('experiment-topics'));
  check(/\.experiment-\d+/.test(topics), `b's topics read ${topics}`);
}

async function report(page) {
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('[data-testid="top-differences"] tbody tr');
    const b = document.querySelectorAll('[data-testid="figure-records"] td')[1]?.textContent;
    const windows = /^(\d+) windows compared/.exec(document.querySelector('[data-testid="comparison-report"] p')?.textContent ?? '');
    return rows.length > 0 && document.querySelector('[data-testid="comparison-chart"]') !== null
      && b !== undefined && b !== '0' && windows !== null && Number(windows[1]) >= 3;
  }, null, { timeout: REPORT_MS });
  const keys = await page.locator(`${byTest('top-differences')} tbody tr td:nth-child(2)`).evaluateAll((els) => els.map((e) => e.textContent));
  check(keys.every((k) => k === 'k3'), `differing keys ${JSON.stringify(keys)}, expected only k3`);
  const rate = await text(page, byTest('match-rate'));
  check(rate.endsWith('%') && rate !== '100 %' && rate !== '0 %', `match rate reads ${rate}`);
  const throughput = await page.locator(`${byTest('figure-records')} td`).evaluateAll((els) => els.map((e) => e.textContent));
  check(throughput.length === 2 && throughput.every((t) => t !== '—' && t !== '0'), `records read ${JSON.stringify(throughput)}`);
  await page.screenshot({ path: `${shots}/experiment.png`, fullPage: true });
}

async function promote(page) {
  await page.getByTestId('experiment-promote').click();
  const asked = await text(page, byTest('experiment-confirm'));
  check(asked.includes('upgrades the deployment from v1 to v2'), `the confirmation says ${asked}`);
  await page.getByTestId('experiment-confirm-yes').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="experiment-page"]')?.getAttribute('data-state') === 'PROMOTED', null, { timeout: WAIT_MS });
  const outcome = await text(page, byTest('experiment-outcome'));
  check(outcome.includes('upgraded to version 2') && outcome.includes('upgrade operation #'), `the outcome reads ${outcome}`);
  await page.locator(byTest('comparison-report')).waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/experiment-promoted.png`, fullPage: true });
  await page.getByTestId('nav-experiments').click();
  await page.locator(`${byTest('experiment-row')}[data-state="PROMOTED"]`).first().waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${shots}/experiments.png`, fullPage: true });
}

await runE2e('experiment', { shots }, async (page) => {
  await start(page);
  await report(page);
  await promote(page);
});
