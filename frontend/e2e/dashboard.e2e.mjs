// End-to-end check of the Tally dashboard against a running backend.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=campaign-views \
//   TALLY_EXPECT='{"campaign-1":3,"campaign-2":1}' node e2e/dashboard.e2e.mjs
//
// Env: TALLY_URL (dashboard URL), TALLY_JOB (job name), TALLY_EXPECT (JSON: key -> expected value of the
// first aggregate in the latest window), TALLY_SCREENSHOT (png, default ../target/dashboard.png relative to
// the frontend folder), CHROMIUM (browser binary, default /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, signIn } from './browser.mjs';

const WAIT_MS = 30_000;
const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function config() {
  const url = process.env.TALLY_URL || 'http://localhost:8080/';
  const job = process.env.TALLY_JOB;
  if (!job) throw new Error('TALLY_JOB is required');
  let expect;
  try {
    expect = JSON.parse(process.env.TALLY_EXPECT || '');
  } catch {
    throw new Error(`TALLY_EXPECT must be a JSON object, got: ${process.env.TALLY_EXPECT ?? '(unset)'}`);
  }
  if (!expect || typeof expect !== 'object' || Array.isArray(expect) || Object.keys(expect).length === 0) {
    throw new Error('TALLY_EXPECT must be a non-empty JSON object of key -> expected value');
  }
  const screenshot = process.env.TALLY_SCREENSHOT
    ? resolve(process.env.TALLY_SCREENSHOT)
    : resolve(frontendDir, '../target/dashboard.png');
  // Optional: dead-letter reasons that must show in the "Rejected records" panel, comma-separated.
  const deadReasons = (process.env.TALLY_EXPECT_DEAD_LETTERS || '').split(',').map((r) => r.trim()).filter(Boolean);
  // Optional: take a savepoint through the dashboard and wait for it to be listed.
  const savepoint = process.env.TALLY_SAVEPOINT === '1';
  return { url, job, expect, screenshot, deadReasons, savepoint };
}

/** Runs in the page: which expected keys do not (yet) show their expected value. */
function mismatches(expect) {
  const out = [];
  for (const [key, want] of Object.entries(expect)) {
    const row = document.querySelector(`[data-testid="result-row"][data-key="${CSS.escape(key)}"]`);
    const cell = row?.querySelector('[data-testid="result-value"]');
    if (!cell) {
      out.push(`${key}: no row`);
      continue;
    }
    const text = (cell.textContent ?? '').trim();
    const ok = text === String(want) || (typeof want === 'number' && text !== '' && Number(text.replace(/,/g, '')) === want);
    if (!ok) out.push(`${key}: shows ${JSON.stringify(text)}, expected ${JSON.stringify(want)}`);
  }
  return out;
}

async function snapshot(page, job) {
  return page.evaluate((job) => {
    const text = (sel) => document.querySelector(sel)?.innerText?.trim() ?? null;
    return {
      banner: text('[data-testid="api-banner"]'),
      status: text('[data-testid="job-page"] [data-testid="job-status"]'),
      latestWindow: text('[data-testid="latest-window"]'),
      resultsTable: text('[data-testid="results-table"]'),
      panelJob: document.querySelector('[data-testid="job-page"]')?.getAttribute('data-job') ?? null,
    };
  }, job);
}

async function main() {
  const cfg = config();
  const browser = await launch();
  let page;
  const pageErrors = [];
  try {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, cfg.url);
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));

    await page.goto(cfg.url, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
    // the overview lists the job; its link opens the job's page (a URL of its own)
    const row = page.locator(`[data-testid="job-row"][data-job=${JSON.stringify(cfg.job)}]`);
    await row.waitFor({ state: 'visible', timeout: WAIT_MS });
    await row.getByTestId('job-link').click();
    await page.waitForURL(`**/jobs/${encodeURIComponent(cfg.job)}`, { timeout: 5_000 });
    await page.waitForFunction((job) => document.querySelector('[data-testid="job-panel"]')?.getAttribute('data-job') === job, cfg.job, {
      timeout: 5_000,
    });

    try {
      const check = `(${mismatches})(${JSON.stringify(cfg.expect)}).length === 0`;
      await page.waitForFunction(check, null, { timeout: WAIT_MS, polling: 250 });
    } catch {
      const missing = await page.evaluate(mismatches, cfg.expect);
      throw new Error(`latest window never showed the expected values within ${WAIT_MS / 1000} s: ${missing.join('; ')}`);
    }

    for (const reason of cfg.deadReasons) {
      const deadRow = page.locator(`[data-testid="dead-letter-row"][data-reason=${JSON.stringify(reason)}]`);
      await deadRow.first().waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {
        throw new Error(`no dead letter with reason ${reason} shown within ${WAIT_MS / 1000} s`);
      });
    }

    if (cfg.savepoint) {
      await page.getByTestId('take-savepoint').click();
      await page.getByTestId('savepoint-row').first().waitFor({ state: 'visible', timeout: WAIT_MS }).catch(async () => {
        const msg = await page.getByTestId('savepoint-message').textContent().catch(() => '(no message)');
        throw new Error(`no savepoint listed after taking one: ${msg}`);
      });
      await page.getByRole('button', { name: 'Check' }).first().click();
      await page.getByTestId('compatibility').waitFor({ state: 'visible', timeout: WAIT_MS });
    }

    const status = (await page.locator('[data-testid="job-page"] [data-testid="job-status"]').textContent())?.trim();
    if (status !== 'RUNNING') throw new Error(`job status badge reads ${JSON.stringify(status)}, expected "RUNNING"`);

    mkdirSync(dirname(cfg.screenshot), { recursive: true });
    await page.screenshot({ path: cfg.screenshot, fullPage: true });
    console.log(`screenshot: ${cfg.screenshot}`);
    console.log('dashboard e2e: ok');
    return 0;
  } catch (e) {
    console.error(`dashboard e2e: FAILED: ${e instanceof Error ? e.message : e}`);
    if (page) {
      try {
        const seen = await snapshot(page, cfg.job);
        console.error(`  url:            ${page.url()}`);
        console.error(`  selected job:   ${seen.panelJob ?? '(none)'}`);
        console.error(`  status badge:   ${seen.status ?? '(no row)'}`);
        console.error(`  banner:         ${seen.banner ?? '(none)'}`);
        console.error(`  latest window:  ${seen.latestWindow ?? '(none)'}`);
        console.error(`  results table:\n${seen.resultsTable ? seen.resultsTable.replace(/^/gm, '    ') : '    (no results table)'}`);
        mkdirSync(dirname(cfg.screenshot), { recursive: true });
        await page.screenshot({ path: cfg.screenshot, fullPage: true });
        console.error(`  screenshot of the failure: ${cfg.screenshot}`);
      } catch (inner) {
        console.error(`  (could not inspect the page: ${inner instanceof Error ? inner.message : inner})`);
      }
    }
    for (const line of pageErrors.slice(0, 20)) console.error(`  ${line}`);
    return 1;
  } finally {
    await browser.close().catch(() => {});
  }
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`dashboard e2e: FAILED: ${e instanceof Error ? e.message : e}`);
}
process.exit(code);
