// Browser checks of the deployment operations and the savepoint catalog (issue #13): the upgrade wizard (plan,
// run, watch to SUCCEEDED), the rescale dialog (plan with key counts, run, measured downtime), the deployment's
// timeline, desired against observed version and parallelism, the savepoint settings form (a refused value
// shown at its field), and on the savepoints page the kind filter (savepoints, retained checkpoints, both),
// pin → delete refused → unpin, and delete of another savepoint.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=ops-ui TALLY_PIN_ID=<id> TALLY_DELETE_ID=<id> \
//   TALLY_SCREENSHOTS=../docs/screenshots node e2e/operations.e2e.mjs
//
// TALLY_JOB: a running job at v1 (parallelism 2, with checkpoints, records flowing) whose v2 keeps its state;
// TALLY_PIN_ID, TALLY_DELETE_ID: two of its manual savepoints; TALLY_SCREENSHOTS: directory for upgrade.png,
// rescale.png, deployment.png and savepoint-catalog.png.
import { resolve } from 'node:path';
import { runE2e } from './browser.mjs';

const WAIT_MS = 30_000;
const OP_MS = 90_000;
const url = process.env.TALLY_URL || 'http://localhost:8080/';
const job = process.env.TALLY_JOB;
const pinId = process.env.TALLY_PIN_ID;
const deleteId = process.env.TALLY_DELETE_ID;
const shots = resolve(process.env.TALLY_SCREENSHOTS || '../target');
if (!job || !pinId || !deleteId) throw new Error('TALLY_JOB, TALLY_PIN_ID and TALLY_DELETE_ID are required');

const byTest = (id, attrs = '') => `[data-testid="${id}"]${attrs}`;

async function text(page, selector) {
  return (await page.locator(selector).first().textContent({ timeout: WAIT_MS }))?.trim() ?? '';
}

/** Waits for the operation shown in `scope` to end; fails with its outcome unless it succeeded. */
async function awaitOperation(page, scope) {
  const op = page.locator(`${scope} ${byTest('operation')}`);
  await op.waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.waitForFunction((s) => {
    const el = document.querySelector(`${s} [data-testid="operation"]`);
    return el && el.getAttribute('data-state') !== 'RUNNING';
  }, scope, { timeout: OP_MS });
  const state = await op.getAttribute('data-state');
  if (state !== 'SUCCEEDED') throw new Error(`operation ended ${state}: ${await text(page, `${scope} ${byTest('operation-outcome')}`)}`);
  const done = await page.locator(`${scope} ${byTest('operation-steps')} li.op-step-done`).evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
  for (const step of ['SAVEPOINT_TAKEN', 'STOPPED', 'STARTED', 'GATE_PASSED']) {
    if (!done.includes(step)) throw new Error(`steps done ${done}, missing ${step}`);
  }
}

async function upgrade(page) {
  await page.goto(`${url}jobs/${encodeURIComponent(job)}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.waitForFunction(() => document.querySelector('[data-testid="desired-state"]')?.textContent === 'RUNNING', null, { timeout: WAIT_MS });
  // the job's savepoint panel carries the catalog's marks
  await page.locator(`[data-testid="savepoint-row"][data-id="${pinId}"] [data-testid="sp-status"]`).waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.getByTestId('open-upgrade').click();
  const wizard = byTest('upgrade-wizard');
  await page.locator(`${wizard} ${byTest('upgrade-version')}`).selectOption('2');
  await page.locator(`${wizard} ${byTest('upgrade-plan-button')}`).click();
  await page.locator(`${wizard} ${byTest('upgrade-plan')}`).waitFor({ state: 'visible', timeout: WAIT_MS });
  const compatible = await text(page, `${wizard} ${byTest('plan-compatible')}`);
  if (compatible !== 'compatible') throw new Error(`plan says ${compatible}`);
  const changes = await page.locator(`${wizard} ${byTest('plan-change')}`).evaluateAll((els) => els.map((e) => e.textContent));
  if (changes.length === 0 || !changes.some((c) => c.includes('keeps state'))) throw new Error(`plan changes: ${JSON.stringify(changes)}`);
  if ((await page.locator(`${wizard} ${byTest('upgrade-policies')} input`).count()) !== 3) throw new Error('three policies expected');
  await page.locator(`${wizard} ${byTest('upgrade-run')}`).click();
  await awaitOperation(page, wizard);
  await page.locator(wizard).screenshot({ path: `${shots}/upgrade.png` });
  await page.locator(`${wizard} ${byTest('upgrade-close')}`).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="job-facts"]')?.textContent?.includes('v2'), null, { timeout: WAIT_MS });
}

async function rescale(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="open-rescale"]')?.disabled, null, { timeout: WAIT_MS });
  await page.getByTestId('open-rescale').click();
  const dialog = byTest('rescale-dialog');
  await page.locator(`${dialog} ${byTest('rescale-parallelism')}`).fill('3');
  await page.locator(`${dialog} ${byTest('rescale-plan-button')}`).click();
  await page.locator(`${dialog} ${byTest('rescale-plan')}`).waitFor({ state: 'visible', timeout: WAIT_MS });
  const keys = Number((await text(page, `${dialog} ${byTest('rescale-keys')}`)).replace(/\D/g, ''));
  if (!(keys > 0)) throw new Error(`plan shows ${keys} keys`);
  const after = await page.locator(`${dialog} ${byTest('keys-after')}`).evaluateAll((els) => els.map((e) => Number(e.textContent.replace(/\D/g, ''))));
  if (after.length !== 3 || after.reduce((a, b) => a + b, 0) !== keys) throw new Error(`keys after ${after}, total ${keys}`);
  await page.locator(`${dialog} ${byTest('rescale-run')}`).click();
  await awaitOperation(page, dialog);
  const downtime = await text(page, `${dialog} ${byTest('operation-downtime')}`);
  if (!/^\d+ ms$/.test(downtime)) throw new Error(`downtime reads ${downtime}`);
  await page.locator(dialog).screenshot({ path: `${shots}/rescale.png` });
  await page.locator(`${dialog} ${byTest('rescale-close')}`).click();
  await page.waitForFunction(() => ['desired-parallelism', 'observed-parallelism'].every((t) => document.querySelector(`[data-testid="${t}"]`)?.textContent === '3'), null, { timeout: WAIT_MS });
  // the timeline, newest first, has both operations' successes
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-row"][data-type="SUCCEEDED"]').length >= 2, null, { timeout: WAIT_MS });
  await page.waitForFunction(() => document.querySelector('[data-testid="observed-status"]')?.textContent === 'RUNNING'
    && !document.querySelector('[data-testid="in-progress"]'), null, { timeout: WAIT_MS });
  // desired and observed agree once it runs: version and parallelism side by side, no mismatch marked
  await page.waitForFunction(() => document.querySelector('[data-testid="observed-version"]')?.textContent?.trim() === 'v2'
    && document.querySelector('[data-testid="desired-version"]')?.textContent?.trim() === 'v2', null, { timeout: WAIT_MS });
  if ((await page.locator(`${byTest('version-mismatch')}, ${byTest('parallelism-mismatch')}`).count()) !== 0) throw new Error('a mismatch is shown while desired and observed agree');
  await settings(page);
  await page.getByTestId('deployment').screenshot({ path: `${shots}/deployment.png` });
  console.log(`rescale: ${keys} keys, after ${after.join('/')}, downtime ${downtime}`);
}

/** The savepoint settings form: a refused value shown next to its field (nothing saved), then a valid save. */
async function settings(page) {
  const form = byTest('savepoint-settings');
  await page.locator(`${form} ${byTest('settings-keep')}`).waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.locator(`${form} ${byTest('settings-keep')}`).fill('8');
  await page.locator(`${form} ${byTest('settings-maxAge')}`).fill('soon');
  await page.locator(`${form} ${byTest('settings-save')}`).click();
  const error = await text(page, `${form} ${byTest('settings-error-maxAge')}`);
  if (!error.includes('not a duration')) throw new Error(`maxAge error reads ${error}`);
  if ((await page.locator(`${form} ${byTest('settings-error-keep')}`).count()) !== 0) throw new Error('keep blamed for maxAge');
  await page.locator(`${form} ${byTest('settings-maxAge')}`).fill('7d');
  await page.locator(`${form} ${byTest('settings-periodicInterval')}`).fill('1h');
  await page.locator(`${form} ${byTest('settings-save')}`).click();
  await page.locator(`${form} ${byTest('settings-saved')}`).waitFor({ state: 'visible', timeout: WAIT_MS });
  if ((await page.locator(`${form} .field-error`).count()) !== 0) throw new Error('an error is left after a valid save');
}

async function catalog(page) {
  await page.getByTestId('nav-savepoints').click();
  await page.getByTestId('filter-job').selectOption(job);
  const row = (id) => page.locator(`[data-testid="catalog-row"][data-id="${id}"]`);
  const detail = (id) => page.locator(`[data-testid="catalog-row-detail"][data-id="${id}"]`);
  await row(pinId).waitFor({ state: 'visible', timeout: WAIT_MS });
  if ((await page.locator(`[data-testid="catalog-row"]:not([data-job="${job}"])`).count()) !== 0) throw new Error('job filter lets other jobs through');
  // both kinds by default, each labelled; the kind filter narrows to one
  await page.locator('[data-testid="catalog-row"][data-kind="CHECKPOINT"]').first().waitFor({ state: 'visible', timeout: WAIT_MS });
  const label = await text(page, `[data-testid="catalog-row"][data-kind="CHECKPOINT"] ${byTest('kind')}`);
  if (label !== 'checkpoint') throw new Error(`a checkpoint row is labelled ${label}`);
  await page.getByTestId('filter-kind').selectOption('checkpoint');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="catalog-row"]').length > 0
    && document.querySelectorAll('[data-testid="catalog-row"]:not([data-kind="CHECKPOINT"])').length === 0, null, { timeout: WAIT_MS });
  await page.getByTestId('filter-kind').selectOption('savepoint');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="catalog-row"]').length > 0
    && document.querySelectorAll('[data-testid="catalog-row"][data-kind="CHECKPOINT"]').length === 0, null, { timeout: WAIT_MS });
  await page.getByTestId('filter-kind').selectOption('all');
  await row(pinId).waitFor({ state: 'visible', timeout: WAIT_MS });
  await row(pinId).getByTestId('check').click();
  await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"] [data-testid="sp-status"]`)?.textContent === 'VERIFIED', pinId, { timeout: WAIT_MS });
  await row(pinId).getByTestId('pin').click();
  await row(pinId).getByTestId('pinned').waitFor({ state: 'visible', timeout: WAIT_MS });
  await row(pinId).getByTestId('delete').click();
  const confirm = await text(page, `[data-id="${pinId}"] ${byTest('delete-confirm')}`);
  if (!confirm.includes('can no longer be restored')) throw new Error(`confirmation says ${confirm}`);
  await detail(pinId).getByTestId('delete-yes').click();
  await detail(pinId).getByTestId('row-error').waitFor({ state: 'visible', timeout: WAIT_MS });
  const refused = await text(page, `[data-id="${pinId}"] ${byTest('row-error')}`);
  if (!refused.includes('Delete refused') || !refused.toLowerCase().includes('pinned')) throw new Error(`refusal reads ${refused}`);
  await page.screenshot({ path: `${shots}/savepoint-catalog.png`, fullPage: true });
  await detail(pinId).getByTestId('delete-no').click();
  await row(pinId).getByTestId('unpin').click();
  await row(pinId).getByTestId('pin').waitFor({ state: 'visible', timeout: WAIT_MS });
  await row(deleteId).getByTestId('delete').click();
  await detail(deleteId).getByTestId('delete-yes').click();
  await row(deleteId).waitFor({ state: 'detached', timeout: WAIT_MS });
  if ((await row(pinId).count()) !== 1) throw new Error('the unpinned savepoint went too');
}

// Console errors are not counted: the refused delete (409) is logged by the browser as a failed request.
await runE2e('operations', { shots, consoleErrors: false }, async (page) => {
  await upgrade(page);
  await rescale(page);
  await catalog(page);
});
