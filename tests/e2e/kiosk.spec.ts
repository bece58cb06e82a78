// Kiosk mode: a booking made on the hall's touch screen, then left alone. After the inactivity time
// "Masih di sini?" counts down, the session is wiped and the app is back at the start, and no
// storage of the browser holds the citizen's name, NIK, phone, booking code or token.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, failOnPageErrors } from './support';

test.skip(({ isMobile }) => !isMobile, 'a kiosk is one screen: run once');
test.use({ serviceWorkers: 'allow' });

const NAME = 'Kartika Sari';

/** Everything the browser keeps for the origin, as text. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i++) parts.push(`${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
    }
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        const type = response?.headers.get('content-type') ?? '';
        parts.push(request.url);
        if (type.includes('json') || type.includes('text')) parts.push(await response!.text());
      }
    }
    const databases = (await indexedDB.databases?.()) ?? [];
    parts.push(...databases.map((db) => `indexeddb:${db.name}`));
    return parts.join('\n');
  });
}

/** Books the `slot`-th free slot of the first open day (the two tests that book run side by side
 * on one server: each takes its own slot, so that neither finds the other's place taken). */
async function bookOnTheKiosk(page: Page, nik: string, slot: number) {
  await page.goto('/?mode=kiosk&idle=5');
  await expect(page.locator('body')).toHaveClass(/kiosk/);
  await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
  await page.locator('.notice--next a').click();
  await page.locator('button.slot:enabled').nth(slot).click();
  await page.getByLabel('Nama lengkap').fill(NAME);
  await page.getByLabel('NIK').fill(nik);
  await page.getByLabel('Nomor ponsel').fill('0813 1111 2222');
  await page.getByRole('button', { name: 'Lanjut' }).click();
  // Nothing personal in persistent storage, even mid-flow.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(NAME);
  await page.getByRole('button', { name: 'Pesan sekarang' }).click();
  await expect(page).toHaveURL(/\/tiket\//);
  return (await page.locator('#booking-code').textContent())!.trim();
}

test('left alone after booking, the kiosk forgets the citizen', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = failOnPageErrors(page);
  const nik = '7173015208850007';
  const code = await bookOnTheKiosk(page, nik, 0);
  const token = await page.evaluate((code) => {
    const bookings = JSON.parse(sessionStorage.getItem('antrean.bookings') ?? '{}').state;
    return bookings.find((b: { code: string }) => b.code === code).manage_token as string;
  }, code);
  expect(token.length).toBeGreaterThan(20);
  await expect(page.getByRole('link', { name: /Buka di peta/ })).toBeHidden();

  const dialog = page.getByRole('alertdialog', { name: 'Masih di sini?' });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await expect(dialog.getByRole('button', { name: 'Ya, lanjutkan' })).toBeFocused();
  await expectNoAxeViolations(page);
  // Not touched for 15 more seconds: wiped, back at the start.
  await expect(page).toHaveURL(/\/$/, { timeout: 25_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
  const stored = await everythingStored(page);
  // (Whole values: four digits alone turn up in any build's loader, e.g. a pack's offset 40813.)
  for (const secret of [NAME, nik, '081311112222', '6281311112222', '1111 2222', code, code.replace(/-/g, ''), token]) {
    expect(stored, `"${secret}" is still stored`).not.toContain(secret);
  }
  expect(errors).toEqual([]);
});

test('"Ya, lanjutkan" keeps the session; "Cetak tiket dan selesai" ends it', async ({ page }) => {
  test.setTimeout(90_000);
  await bookOnTheKiosk(page, '7173015208850008', 1);
  const dialog = page.getByRole('alertdialog', { name: 'Masih di sini?' });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Ya, lanjutkan' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('#booking-code')).toBeVisible();
  await page.getByRole('button', { name: 'Cetak tiket dan selesai' }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await everythingStored(page)).not.toContain(NAME);
  // Kiosk mode stays on for this installed app.
  await expect(page.locator('body')).toHaveClass(/kiosk/);
});
