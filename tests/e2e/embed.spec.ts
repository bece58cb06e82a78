// A portal's deploy: the app under /layanan/antrean/ with the deploy's config.json (theme, region,
// default province, allowed origins), embedded by a portal page on another loopback origin with the
// one-line script, and what pages on other origins get (nothing). Also: a configuration with
// mistakes shows them, and kiosk mode can come from the configuration.
import { expect, test, type Frame, type Page } from '@playwright/test';
import { deployBase, deployConfig, portalPort } from './playwright.config';
import { bookInFrame, expectNoAxeViolations, failOnPageErrors } from './support';

/** What the portal page has received so far (events from embed.js and raw messages). */
const received = (page: Page) => page.evaluate(() => (window as unknown as { received: Record<string, unknown>[] }).received);

async function appFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().find((f) => f.url().startsWith(deployBase))?.url()).toBeTruthy();
  return page.frames().find((f) => f.url().startsWith(deployBase))!;
}

/** The iframe's height and the height of the app's document inside it. */
async function heights(page: Page, frame: Frame) {
  const iframe = await page.locator('iframe').boundingBox();
  const content = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  return { iframe: Math.round(iframe!.height), content };
}

test('a portal embeds Antrean with one line: it follows the content, has no header of its own, hears of the booking, and the ticket can be kept in a tab of its own', async ({ page, isMobile }, testInfo) => {
  test.skip(!isMobile, 'one booking per run: on the phone viewport');
  test.setTimeout(120_000);
  const errors = failOnPageErrors(page);
  await page.goto(`http://127.0.0.2:${portalPort}/`);
  const frame = await appFrame(page);
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  // Embedded: navigation and language, but not Antrean's own banner.
  await expect(frame.locator('.site-header--embedded')).toBeVisible();
  await expect(frame.locator('.site-header__brand')).toHaveCount(0);
  await expect.poll(async () => { const h = await heights(page, frame); return Math.abs(h.iframe - h.content); }).toBeLessThanOrEqual(1);
  const homeHeight = (await heights(page, frame)).iframe;
  await expectNoAxeViolations(page); // the portal page and, inside it, the app
  await expect.poll(() => received(page)).toContainEqual({ via: 'event', type: 'antrean:navigated', path: '/' });

  // The directory opens in the portal's province (data-province="71") and the iframe follows it.
  await frame.getByRole('link', { name: 'Cari MPP' }).first().click();
  await expect(frame.locator('li.mpp-card[data-mpp-id="mpp-tomohon"]')).toBeVisible();
  await expect(frame.locator('li.mpp-card[data-mpp-id="mpp-medan"]')).toHaveCount(0);
  await expect.poll(async () => { const h = await heights(page, frame); return h.iframe !== homeHeight && Math.abs(h.iframe - h.content) <= 1; }).toBe(true);
  await expect.poll(() => received(page)).toContainEqual({ via: 'event', type: 'antrean:navigated', path: '/mpp' });

  // A booking made in the iframe: the portal hears its code and time, nothing personal.
  const nik = `717301410790${String(900 + testInfo.retry).padStart(4, '0')}`;
  const code = await bookInFrame(frame, deployBase, nik);
  await expect.poll(() => received(page)).toContainEqual(expect.objectContaining({ via: 'event', type: 'antrean:booked', code }));
  const all = await received(page);
  const booked = all.find((m) => m.via === 'event' && m.type === 'antrean:booked')!;
  expect(Object.keys(booked).sort()).toEqual(['code', 'start', 'type', 'via']);
  expect(String(booked.start)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const everything = JSON.stringify(all);
  for (const personal of [nik, 'Warga Portal', '3456']) expect(everything).not.toContain(personal);
  // Every message came from the app's origin.
  expect(all.filter((m) => m.via === 'message').every((m) => m.origin === new URL(deployBase).origin)).toBe(true);

  // Playwright's Chromium gives a cross-site iframe no storage at all, as Chrome does when
  // third-party cookies are blocked (incognito): the proof says the ticket is not kept, and opens
  // it in a tab of the app's own, which keeps it.
  const notice = frame.locator('.ticket .notice--offline');
  await expect(notice).toHaveText('Tiket ini belum tersimpan di perangkat Anda: halaman portal ini tidak mengizinkannya, jadi tiket hilang bila halaman ditutup. Agar tersimpan di Tiket saya: Buka tiket di tab baru');
  const open = notice.getByRole('link', { name: 'Buka tiket di tab baru' });
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('rel', 'noopener');
  await expectNoAxeViolations(page);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), open.click()]);
  const tabErrors = failOnPageErrors(tab);
  await expect(tab.locator('.ticket__code')).toHaveText(code);
  expect(new URL(tab.url()).origin).toBe(new URL(deployBase).origin);
  expect(tab.url()).toBe(`${deployBase}tiket/${code}?lang=id`); // the token has left the address
  const kept = await tab.evaluate(() => JSON.parse(localStorage.getItem('antrean.bookings') ?? 'null'));
  expect(kept.state.map((b: { code: string }) => b.code)).toEqual([code]);
  expect(kept.state[0].manage_token).toBeTruthy();
  await expect(tab.locator('.ticket .notice--offline')).toHaveCount(0);
  await expectNoAxeViolations(tab);
  await tab.close();
  // In English too, with a link that opens the tab in English.
  await frame.getByRole('button', { name: 'English' }).click();
  await expect(notice).toContainText('This ticket is not saved on your device: this portal page does not allow it, so it is lost when the page is closed.');
  await expect(notice.getByRole('link', { name: 'Open the ticket in a new tab' })).toHaveAttribute('href', new RegExp(`^/layanan/antrean/tiket/${code}\\?lang=en#simpan=`));
  await expectNoAxeViolations(page);
  expect([...errors, ...tabErrors]).toEqual([]);
});

test('a ticket link whose token the server refuses says so, after a loading line, and takes the token out of the address', async ({ page }) => {
  let release = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  await page.route('**/api/v1/bookings/*', async (route) => { await released; await route.continue(); });
  await page.goto(`${deployBase}tiket/ABCD2345X#simpan=bukan-token-ini`);
  // Meanwhile: loading, not "unknown ticket".
  await expect(page.locator('#antrean-app main').getByRole('status').filter({ hasText: 'Memuat…' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(0);
  release();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tautan ini tidak bisa membuka tiket: periksa apakah tautannya lengkap.');
  await expect(page.getByRole('link', { name: 'Tiket saya' }).last()).toBeVisible();
  expect(page.url()).toBe(`${deployBase}tiket/ABCD2345X`);
  expect(await page.evaluate(() => localStorage.getItem('antrean.bookings'))).toBeNull();
  await expectNoAxeViolations(page);
});

test('a page on an origin that may frame the app but is not allowed receives no message', async ({ page }) => {
  await page.goto(`http://127.0.0.3:${portalPort}/iframe`);
  const frame = await appFrame(page);
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  await frame.getByRole('link', { name: 'Cari MPP' }).first().click();
  await expect(frame.locator('li.mpp-card').first()).toBeVisible();
  // The same steps sent height and navigation messages to the allowed portal (test above); here,
  // after the page and the directory have rendered and the iframe's content changed, nothing.
  await page.waitForTimeout(500);
  expect(await received(page)).toEqual([]);
});

test('a page on an origin that frame-ancestors does not name cannot frame the app', async ({ page }) => {
  await page.goto(`http://127.0.0.4:${portalPort}/iframe`);
  // Chromium refuses the frame (Content-Security-Policy frame-ancestors) and shows its error page.
  await expect.poll(() => page.frames()[1]?.evaluate(() => location.href).catch(() => '')).toMatch(/^chrome-error:/);
  expect(await received(page)).toEqual([]);
});

test('a portal on an origin the app does not allow is told why, in the console and above the frame', async ({ page }) => {
  const console: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') console.push(message.text()); });
  await page.goto(`http://127.0.0.4:${portalPort}/`);
  const notice = page.locator('p.antrean-embed-refused');
  await expect(notice).toBeVisible({ timeout: 20_000 });
  await expect(notice).toHaveText(`Antrean belum dapat ditampilkan di halaman ini. Pengelola situs: tambahkan http://127.0.0.4:${portalPort} ke "allowed_origins" di config.json Antrean.`);
  await expect(notice).toHaveAttribute('role', 'alert');
  expect(console.some((text) => text.includes(`http://127.0.0.4:${portalPort} is not in "allowed_origins"`))).toBe(true);
  // The notice sits above the frame, not over it.
  const [box, frame] = [await notice.boundingBox(), await page.locator('iframe').boundingBox()];
  expect(box!.y + box!.height).toBeLessThanOrEqual(frame!.y);
});

test('the allowed portal gets no such notice', async ({ page }) => {
  await page.goto(`http://127.0.0.2:${portalPort}/`);
  const frame = await appFrame(page);
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  await page.waitForTimeout(9_000);
  await expect(page.locator('p.antrean-embed-refused')).toHaveCount(0);
});

test.describe('the deploy under /layanan/antrean/', () => {
  test('pages, links, reloads and the API live under the base path, with the theme and the region', async ({ page }) => {
    const errors = failOnPageErrors(page);
    const api: string[] = [];
    page.on('request', (r) => { if (r.url().includes('/api/')) api.push(new URL(r.url()).pathname); });
    await page.goto(`${deployBase}mpp`);
    await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeVisible();
    // The deploy's default province, its region's name and its colour.
    await expect(page.locator('#mpp-province')).toHaveValue('71');
    await expect(page.locator('.site-header__region')).toHaveText(deployConfig.region.name);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--color-primary').trim())).toBe('#1f4e8c');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')!).backgroundColor)).toBe('rgb(31, 78, 140)');
    await expectNoAxeViolations(page);
    // Links carry the base; the router follows them without a reload; a reload finds the page.
    await expect(page.getByRole('link', { name: 'Tiket saya' })).toHaveAttribute('href', '/layanan/antrean/tiket');
    await page.locator('li.mpp-card[data-mpp-id="mpp-tomohon"] h2 a').click();
    await expect(page).toHaveURL(`${deployBase}mpp/mpp-tomohon`);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: /Tomohon/ })).toBeVisible();
    expect(api.length).toBeGreaterThan(0);
    expect(api.every((path) => path.startsWith('/layanan/antrean/api/v1/'))).toBe(true);
    // The error summary's in-page link moves focus to the field, on this page.
    await page.goto(`${deployBase}layanan/paspor-baru-anak/pertanyaan/1`);
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.locator('.error-summary a').click();
    await expect(page).toHaveURL(`${deployBase}layanan/paspor-baru-anak/pertanyaan/1`);
    await expect(page.locator('.question__fieldset input').first()).toBeFocused();
    expect(errors).toEqual([]);
  });

  test('the manifest and the service worker are scoped to the base path', async ({ request }) => {
    const manifest = await (await request.get(`${deployBase}manifest.webmanifest`)).json();
    expect(new URL(manifest.start_url, `${deployBase}manifest.webmanifest`).href).toBe(deployBase);
    expect(new URL(manifest.scope, `${deployBase}manifest.webmanifest`).href).toBe(deployBase);
    const root = await request.get(`http://127.0.0.1:${new URL(deployBase).port}/`, { maxRedirects: 0 });
    expect(root.status()).toBe(303);
    expect(root.headers().location).toBe('/layanan/antrean/');
  });
});

test.describe('a configuration with mistakes', () => {
  test('is shown field by field, in either language, instead of a blank page', async ({ page }) => {
    await page.route('**/config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ alowed_origins: [], theme: { primary: '#ffff00' }, languages: ['id', 'jv'] }) }),
    );
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Antrean belum bisa dibuka' })).toBeVisible();
    const problems = page.locator('.error-summary li');
    await expect(problems).toHaveText([
      'config.json.alowed_origins: bukan kolom yang dikenal (salah ketik?)',
      'languages: bahasa yang didukung: id, en',
      'theme.primary: kontras dengan putih kurang dari 4,5:1 (WCAG AA)',
    ]);
    await expectNoAxeViolations(page);
    await page.goto('/?lang=en');
    await expect(page.getByRole('heading', { level: 1, name: 'Antrean cannot open yet' })).toBeVisible();
  });

  test('a file that is not JSON says so', async ({ page }) => {
    await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{ "api_base": ' }));
    await page.goto('/');
    await expect(page.locator('.error-summary li')).toHaveText([
      'config.json: tidak bisa dibaca: bukan JSON yang valid, atau server menjawab dengan galat',
    ]);
  });
});

test('kiosk mode from the configuration cannot be turned off from the address bar', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ contentType: 'application/json', body: '{"kiosk":{"idle_seconds":60}}' }));
  await page.goto('/?mode=web');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('body')).toHaveClass(/kiosk/);
});
