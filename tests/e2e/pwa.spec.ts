// The installable app: Chromium finds no installability errors, the service worker precaches this
// build's shell, the app opens offline after the first visit (checker and directory), and nothing
// personal ever lands in the Cache Storage.
import { chromium, expect, test, type Page } from '@playwright/test';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { expectNoAxeViolations } from './support';

test.use({ serviceWorkers: 'allow' });

/** Loads the app and waits until the service worker controls the page. */
async function controlledByTheWorker(page: Page) {
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test('Chromium finds no installability errors in the manifest and worker', async ({}, testInfo) => {
  // Chromium never offers to install from an incognito-like context: use a real profile.
  const { launchOptions, baseURL } = testInfo.project.use;
  const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), {
    ...launchOptions,
    baseURL,
    serviceWorkers: 'allow',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await controlledByTheWorker(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  const manifest = await (await page.request.get('/manifest.webmanifest')).json();
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.some((icon: { purpose: string }) => icon.purpose === 'maskable')).toBe(true);
  await context.close();
});

test('after the first visit the app opens offline: the checker and the directory', async ({ page, context }) => {
  await controlledByTheWorker(page);
  await expect(page.getByRole('link', { name: 'Paspor anak (di bawah 17 tahun)' })).toBeVisible();
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
  await context.setOffline(true);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
  await page.getByRole('link', { name: 'Paspor anak (di bawah 17 tahun)' }).click();
  await expect(page).toHaveURL(/\/pertanyaan\/1$/);
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-tomohon"]')).toBeVisible();
  await context.setOffline(false);
});

test('the caches hold the shell and the public data only', async ({ page }) => {
  await controlledByTheWorker(page);
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
  const cached: string[] = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls;
  });
  expect(cached).toContain('/index.html');
  expect(cached.some((path) => path.endsWith('.wasm'))).toBe(true);
  const api = cached.filter((path) => path.startsWith('/api/'));
  expect(api.every((path) => ['/api/v1/catalogue', '/api/v1/mpps'].includes(path)), api.join(', ')).toBe(true);
});

test.describe('a new deploy', () => {
  // Changes dist/sw.js under the running server: once, on one project.
  test.skip(({ isMobile }) => !isMobile, 'runs once');

  test('says "Versi baru tersedia" and takes over only when the citizen taps, with one reload', async ({ page }) => {
    const dist = path.resolve(__dirname, '../../dist');
    const worker = path.join(dist, 'sw.js');
    const original = readFileSync(worker, 'utf8');
    await controlledByTheWorker(page);
    await expect(page.getByRole('status').filter({ hasText: 'Versi baru' })).toHaveCount(0);
    try {
      // A new version of the worker (its precompressed twins would still be the old one).
      writeFileSync(worker, `${original}\n// deploy ${Date.now()}\n`);
      for (const twin of ['sw.js.br', 'sw.js.gz']) rmSync(path.join(dist, twin), { force: true });
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const banner = page.getByRole('status').filter({ hasText: 'Versi baru Antrean tersedia.' });
      await expect(banner).toBeVisible();
      await expectNoAxeViolations(page);
      const reloaded = page.waitForEvent('load');
      await banner.getByRole('button', { name: 'Muat ulang' }).click();
      await reloaded;
      await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
      await expect(banner).toHaveCount(0);
      const active = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => !!r?.active && !r?.waiting));
      expect(active).toBe(true);
    } finally {
      writeFileSync(worker, original);
    }
  });
});
