// Walks the operations console (issue #13) against a running service: the overview's live row of a deployed
// job (pushed by server-sent events, not polled) → its page → its versions and the diff of two → back and
// forward → the audit log showing the deploy, filtered through the URL and reloaded from it.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=e2e-console TALLY_AUTHOR=dave TALLY_NOTE='five-second windows' \
//   TALLY_SCREENSHOTS=../target node e2e/console.e2e.mjs
//
// TALLY_JOB: a deployed job with versions 1 and 2 where v2 changes window.size (10s → 5s); TALLY_AUTHOR and
// TALLY_NOTE: who submitted v2 and why; TALLY_SCREENSHOTS: directory for console-*.png.
import { resolve } from 'node:path';
import { check, runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const job = process.env.TALLY_JOB;
const author = process.env.TALLY_AUTHOR;
const note = process.env.TALLY_NOTE;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !author || !note) throw new Error('TALLY_JOB, TALLY_AUTHOR and TALLY_NOTE are required');
const jobPath = `/jobs/${encodeURIComponent(job)}`;


async function text(locator) {
  return ((await locator.textContent({ timeout: WAIT_MS })) ?? '').replace(/\s+/g, ' ').trim();
}

/** The overview's row appears and stays current from the event stream, without polling the API. */
async function overview(page, requests) {
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  const row = page.locator(`[data-testid="job-row"][data-job=${JSON.stringify(job)}]`);
  await row.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.waitForFunction(
    (j) => document.querySelector(`[data-testid="job-row"][data-job="${CSS.escape(j)}"] [data-testid="job-status"]`)?.textContent?.trim() === 'RUNNING',
    job, { timeout: WAIT_MS });
  const state = page.getByTestId('stream-state');
  await page.waitForFunction(() => document.querySelector('[data-testid="stream-state"]')?.getAttribute('data-state') === 'live',
    null, { timeout: WAIT_MS });
  const first = await text(state);
  await page.waitForFunction((t) => (document.querySelector('[data-testid="stream-state"]')?.textContent ?? '').replace(/\s+/g, ' ').trim() !== t,
    first, { timeout: 10_000 }).catch(() => {
    throw new Error(`the stream's time stayed at ${first}: no overview events arrive`);
  });
  const polls = requests.filter((u) => u.endsWith('/api/overview') || u.endsWith('/api/jobs')).length;
  check(polls <= 1, `the overview polled the API ${polls} times instead of listening to /api/events`);
  check(requests.filter((u) => u.endsWith('/api/events')).length === 1, `expected one event stream, saw: ${requests.join(', ')}`);
  check((await text(row.getByTestId('job-version'))).startsWith('v1'), `version cell reads ${await text(row.getByTestId('job-version'))}`);
  check((await text(row.getByTestId('job-version'))).includes('v2 latest'), 'the overview does not say v2 is the latest version');
  await page.screenshot({ path: `${shots}/console-overview.png`, fullPage: true });
  await row.getByTestId('job-link').click();
  await page.waitForURL(`**${jobPath}`, { timeout: 5_000 });
}

/** The job's page lists both versions with author and note, and its compare action opens the diff. */
async function versionsAndDiff(page) {
  await page.locator(`[data-testid="job-page"][data-job=${JSON.stringify(job)}]`).waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator('[data-testid="job-page"] [data-testid="job-status"]', { hasText: 'RUNNING' }).waitFor({ timeout: WAIT_MS });
  await page.getByTestId('results-table').waitFor({ state: 'visible', timeout: WAIT_MS });
  const v2 = page.locator('[data-testid="version-row"][data-version="2"]');
  await v2.waitFor({ state: 'visible', timeout: WAIT_MS });
  const v2text = await text(v2);
  check(v2text.includes(author) && v2text.includes(note), `version 2 row reads ${JSON.stringify(v2text)}`);
  check(await page.locator('[data-testid="version-row"][data-version="1"]').count() === 1, 'version 1 is not listed');
  await page.screenshot({ path: `${shots}/console-job.png`, fullPage: true });
  await v2.getByTestId('compare-previous').click();
  await page.waitForURL(`**${jobPath}/versions/1/diff/2`, { timeout: 5_000 });
  const size = page.locator('[data-testid="diff-row"][data-field="/window/size"]');
  await size.waitFor({ state: 'visible', timeout: WAIT_MS });
  const sizeText = await text(size);
  check(/10s → 5s/.test(sizeText) && sizeText.includes('incompatible'), `window.size row reads ${JSON.stringify(sizeText)}`);
  check((await size.getAttribute('data-compatible')) === 'false', 'window.size change is not marked incompatible');
  check((await text(page.getByTestId('diff-verdict'))).includes('does not fit'), 'the diff does not say the state does not fit');
  await page.screenshot({ path: `${shots}/console-diff.png`, fullPage: true });

  // the back button returns to the job's page, forward to the diff
  await page.goBack();
  await page.waitForURL(`**${jobPath}`, { timeout: 5_000 });
  await page.getByTestId('versions').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.goForward();
  await size.waitFor({ state: 'visible', timeout: WAIT_MS });
  // a deep link opens the diff straight away (the server forwards it to the dashboard)
  await page.goto(`${base}${jobPath}/versions/1/diff/2`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await size.waitFor({ state: 'visible', timeout: WAIT_MS });
}

/** The audit log shows the deploy; filtering by target puts the filter in the URL, and a reload keeps it. */
async function audit(page) {
  await page.getByTestId('nav-audit').click();
  await page.waitForURL('**/audit', { timeout: 5_000 });
  const deploy = page.locator(`[data-testid="audit-row"][data-action="deploy"]`, { hasText: `/api/jobs/${job}/deploy` });
  await deploy.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  check((await deploy.first().getAttribute('data-outcome')) === 'SUCCEEDED', 'the deploy is not recorded as succeeded');
  await page.getByLabel('target').fill(`/api/jobs/${job}/`);
  await page.getByTestId('audit-filter').click();
  await page.waitForURL((u) => u.searchParams.get('target') === `/api/jobs/${job}/`, { timeout: 5_000 });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await deploy.first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const targets = await page.locator('[data-testid="audit-row"] code.target').allTextContents();
  check(targets.length > 0 && targets.every((t) => t.startsWith(`/api/jobs/${job}/`)), `filtered rows: ${targets.join(', ')}`);
  check((await page.getByLabel('target').inputValue()) === `/api/jobs/${job}/`, 'the filter field lost its value on reload');
  await page.screenshot({ path: `${shots}/console-audit.png`, fullPage: true });
}

const requests = [];
await runE2e('console', { shots, onPage: (page) => page.on('request', (r) => requests.push(r.url())) }, async (page) => {
  await overview(page, requests);
  await versionsAndDiff(page);
  await audit(page);
});
