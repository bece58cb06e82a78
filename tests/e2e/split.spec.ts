// The app split by route: each page but the home page is a chunk of wasm of its own, fetched in
// packs (scripts/pack-chunks.mjs). What a citizen must never see: a header above an empty page
// while a page's code is on its way, two headers at once, or a page built from a main module and
// a chunk of two different builds.
import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { failOnPageErrors } from './support';

const CHECKLIST =
  '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
const CALENDAR = '/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari';

/** Every page's heading once it has rendered; `shell` where the start-up script paints one. */
const ROUTES: [path: string, heading: RegExp, shell: boolean][] = [
  ['/', /Apa yang perlu dibawa/, true],
  ['/mpp', /Mal Pelayanan Publik/, true],
  [CHECKLIST, /Daftar yang perlu dibawa/, true],
  ['/mpp/mpp-tomohon', /MPP Kota Tomohon/, false],
  ['/layanan/paspor-baru-anak/pertanyaan/1', /Jenis paspor/, false],
  [CALENDAR, /Pilih hari/, false],
  ['/tiket', /Tiket saya/, false],
  ['/tiket/ABCDEFGH2', /tidak ada di perangkat ini|tidak ditemukan/i, false],
  ['/halaman-yang-tidak-ada', /tidak ditemukan/i, false],
  ['/?lang=en', /What do I need to bring/, false],
];

/** Records, on every frame from the first one, what is visible (before any script of the page). */
async function recordFrames(page: Page) {
  await page.addInitScript(() => {
    const frames: { headers: number; mains: number; heading: boolean; status: boolean }[] = [];
    (window as unknown as { __frames: typeof frames }).__frames = frames;
    const visible = (element: Element) => element.getClientRects().length > 0;
    const sample = () => {
      const mains = [...document.querySelectorAll('main')].filter(visible);
      frames.push({
        headers: [...document.querySelectorAll('header.site-header')].filter(visible).length,
        mains: mains.length,
        heading: mains.some((main) => [...main.querySelectorAll('h1')].some(visible)),
        status: mains.some((main) => [...main.querySelectorAll('[role=status], [role=alert]')].some(visible)),
      });
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
}

async function framesOf(page: Page) {
  return page.evaluate(() => (window as unknown as { __frames: { headers: number; mains: number; heading: boolean; status: boolean }[] }).__frames);
}

/** From the first frame that shows the header: never two of anything, never a page without its
 * heading (or, while a page's own data loads, its loading line); with a shell, always the heading. */
function expectNoGap(frames: Awaited<ReturnType<typeof framesOf>>, shell: boolean) {
  const shown = frames.slice(frames.findIndex((frame) => frame.headers > 0));
  expect(shown.length, 'frames with the header').toBeGreaterThan(0);
  const bad = shown.filter((f) => f.headers > 1 || f.mains > 1 || !(f.heading || (!shell && f.status)));
  expect(bad, `of ${shown.length} frames`).toEqual([]);
}

for (const [path, heading, shell] of ROUTES) {
  test(`${path}: the first screen holds until the page has rendered`, async ({ page }) => {
    const errors = failOnPageErrors(page);
    await recordFrames(page);
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.waitForTimeout(100);
    expectNoGap(await framesOf(page), shell);
    await expect(page.locator('#antrean-shell')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
}

test.describe('on a slow phone network (400 kbit/s, 400 ms, 4× slower CPU)', () => {
  test.skip(({ isMobile }) => !isMobile, 'a phone network: run on the phone project');
  for (const [path, heading, shell] of ROUTES.filter(([path]) => path === '/mpp' || path === CALENDAR)) {
    test(`${path}: no frame without the page's heading`, async ({ page, context }) => {
      test.setTimeout(90_000);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await recordFrames(page);
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible({ timeout: 60_000 });
      expectNoGap(await framesOf(page), shell);
    });
  }
});

test('pages the citizen has not opened are fetched when the browser is idle, unless data is to be saved', async ({ browser, request }) => {
  const glue = (await (await request.get('/')).text()).match(/antrean-[0-9a-f]+\.js/)![0];
  const loader = (await (await request.get(`/${glue}`)).text()).match(/split-[0-9a-f]{16}\.js/)![0];
  const loaderText = await (await request.get(`/${loader}`)).text();
  const every = new Set(loaderText.match(/pack-[\w-]+-[0-9a-f]{16}\.bin/g));
  // What a citizen's phone fetches when idle: every pack but those only the hall's devices use
  // (the kiosk's check-in, the counter's screen, the hall display).
  // (The loader starts with js/chunk-packs.js, whose first statements are every pack's file and
  // that order, as indices into the files, minified.)
  const [, files, order] = loaderText.match(/^const \w+ ?= ?(\[[^\]]*\]) ?[,;]\s*(?:const )?\w+ ?= ?(\[[^\]]*\])/)!;
  const prefetched = new Set<string>(JSON.parse(order).map((at: number) => JSON.parse(files)[at]));
  const hallOnly = [...every].filter((pack) => !prefetched.has(pack));
  expect(hallOnly.length, 'the hall devices have packs of their own').toBeGreaterThan(0);
  const packsAsked = async (saveData: boolean) => {
    const page = await browser.newPage();
    if (saveData) {
      await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
    }
    const packs = new Set<string>();
    page.on('request', (request) => {
      if (/\/pack-[\w-]+\.bin$/.test(request.url())) packs.add(request.url());
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
    await page.waitForLoadState('load');
    if (!saveData) {
      await expect.poll(() => packs.size, { timeout: 20_000 }).toBe(prefetched.size);
      expect([...packs].filter((url) => hallOnly.some((pack) => url.endsWith(pack))), 'no hall-only pack on a phone').toEqual([]);
    }
    else await page.waitForTimeout(3_000);
    // Then the directory opens without asking for anything more than its data.
    const size = packs.size;
    const later: string[] = [];
    page.on('request', (request) => later.push(request.url()));
    await page.getByRole('link', { name: 'Cari MPP' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeVisible();
    await page.close();
    return { size, later: later.filter((url) => url.endsWith('.bin')) };
  };
  const normal = await packsAsked(false);
  expect(normal.later, 'every pack the directory needs was fetched before').toEqual([]);
  const saving = await packsAsked(true);
  expect(saving.size, 'with save-data, nothing before it is needed').toBe(0);
  expect(saving.later.length, 'the directory fetched its packs when opened').toBeGreaterThan(0);
});

test('a page whose code is gone after a new deploy says so, and a reload brings it', async ({ page }) => {
  await page.route('**/pack-*.bin', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
  await page.getByRole('link', { name: 'Cari MPP' }).first().click();
  const notice = page.getByRole('alert').filter({ hasText: 'Halaman ini belum bisa dimuat' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('button', { name: 'Muat ulang' })).toBeFocused();
  await page.unroute('**/pack-*.bin');
  // The router had not left the home page, but the reload goes where the citizen meant to go.
  await notice.getByRole('button', { name: 'Muat ulang' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeVisible();
  await expect(page).toHaveURL(/\/mpp$/);
  await expect(notice).toHaveCount(0);
});

test('an app that cannot start says so instead of loading forever', async ({ page }) => {
  for (const [pattern, path] of [
    ['**/antrean-*_bg.wasm', '/'],
    ['**/antrean-*.js', '/tiket'],
  ] as const) {
    await page.route(pattern, (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(path);
    const notice = page.getByRole('alert').filter({ hasText: 'Halaman ini belum bisa dimuat' });
    await expect(notice, `${pattern} missing on ${path}`).toBeVisible();
    await expect(notice.getByRole('button', { name: 'Muat ulang' })).toBeFocused();
    await page.unroute(pattern);
    await notice.getByRole('button', { name: 'Muat ulang' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(notice).toHaveCount(0);
  }
});

test('the glue, the loader and every pack carry the hash of their content: a build never pairs with another', async ({ request }) => {
  const text = async (path: string) => (await request.get(path)).text();
  const html = await text('/');
  const glue = html.match(/antrean-[0-9a-f]+\.js/)![0];
  const loader = (await text(`/${glue}`)).match(/split-[0-9a-f]{16}\.js/)![0];
  const loaderText = await text(`/${loader}`);
  // They import each other, so one hash over both names both (scripts/pack-chunks.mjs).
  expect(glue.slice('antrean-'.length, -'.js'.length), 'the glue and the loader share their hash').toBe(loader.slice(6, 22));
  expect(loaderText, 'the loader imports this build\'s glue').toContain(`./${glue}`);
  const packs = [...new Set(loaderText.match(/pack-[\w-]+-[0-9a-f]{16}\.bin/g))];
  expect(packs.length).toBeGreaterThan(3);
  for (const pack of packs) {
    const response = await request.get(`/${pack}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toContain('immutable');
    const hash = createHash('sha256').update(await response.body()).digest('hex').slice(0, 16);
    expect(pack).toContain(`-${hash}.bin`);
  }
});
