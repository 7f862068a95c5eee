// Screenshots of each dashboard page against a running service with a demo job, for docs/screenshots.
//
//   TALLY_URL=http://127.0.0.1:8080/ TALLY_JOB=campaign-views TALLY_DIFF=1/2 node e2e/screenshots.mjs
//
// Env: TALLY_URL, TALLY_JOB (a deployed job with at least two versions), TALLY_DIFF (a/b, default 1/2),
// TALLY_SCREENSHOTS (directory, default ../docs/screenshots), CHROMIUM (default /usr/bin/chromium), TALLY_USER and
// TALLY_PASSWORD (an ADMIN, to sign in; sign-in.png is the sign-in page before that).
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, signIn } from './browser.mjs';

const WAIT_MS = 30_000;
const base = (process.env.TALLY_URL || 'http://localhost:8080/').replace(/\/$/, '');
const job = process.env.TALLY_JOB || 'campaign-views';
const [a, b] = (process.env.TALLY_DIFF || '1/2').split('/');
const dir = resolve(process.env.TALLY_SCREENSHOTS || resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots'));

const pages = [
  { file: 'overview.png', path: '/', ready: '[data-testid="job-row"] [data-testid="throughput"]' },
  { file: 'job.png', path: `/jobs/${encodeURIComponent(job)}`, ready: '[data-testid="results-table"]' },
  { file: 'diff.png', path: `/jobs/${encodeURIComponent(job)}/versions/${a}/diff/${b}`, ready: '[data-testid="diff-table"]' },
  { file: 'savepoints.png', path: '/savepoints', ready: '[data-testid="catalog-row"]' },
  { file: 'audit.png', path: '/audit', ready: '[data-testid="audit-row"]' },
  { file: 'tokens.png', path: '/tokens', ready: '[data-testid="token-row"]' },
  { file: 'users.png', path: '/users', ready: '[data-testid="user-row"]' },
];

const browser = await launch();
let code = 1;
try {
  mkdirSync(dir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
  await page.getByTestId('sign-in-form').waitFor({ state: 'visible', timeout: WAIT_MS });
  await page.screenshot({ path: `${dir}/sign-in.png`, fullPage: true });
  console.log(`${dir}/sign-in.png`);
  await signIn(page, `${base}/`);
  for (const p of pages) {
    await page.goto(`${base}${p.path}`, { waitUntil: 'domcontentloaded', timeout: WAIT_MS });
    await page.locator(p.ready).first().waitFor({ state: 'visible', timeout: WAIT_MS });
    await page.waitForFunction(() => document.querySelector('[data-testid="stream-state"]')?.getAttribute('data-state') === 'live',
      null, { timeout: WAIT_MS });
    await page.waitForTimeout(300); // let the chart draw: a picture, not a synchronisation
    await page.screenshot({ path: `${dir}/${p.file}`, fullPage: true });
    console.log(`${dir}/${p.file}`);
  }
  code = 0;
} catch (e) {
  console.error(`screenshots: FAILED: ${e instanceof Error ? e.message : e}`);
} finally {
  await browser.close().catch(() => {});
}
process.exit(code);
