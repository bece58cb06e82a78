// The directory, as a citizen sees it: the app asks the real server for the MPPs (seeded from data/
// into SQLite) and lists them, in Bahasa Indonesia or English.
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, failOnPageErrors } from './support';

const SEEDED = [
  'MPP Kota Tomohon "Wale Kabasaran"',
  'MPP Kota Pekanbaru',
  'MPP Kota Bitung',
  'MPP Kabupaten Lebak',
  'MPP Kota Bekasi',
  'MPP Provinsi DKI Jakarta',
];

test('the home page lists the seeded MPPs with their time zones', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto('/mpp');
  await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeVisible();
  const cards = page.locator('li.mpp-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(SEEDED.length);
  for (const name of SEEDED) {
    await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  }
  const tomohon = page.locator('li.mpp-card[data-mpp-id="mpp-tomohon"]');
  await expect(tomohon).toContainText('Kota Tomohon, Sulawesi Utara');
  await expect(tomohon.locator('abbr')).toHaveText('WITA');
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-pekanbaru"] abbr')).toHaveText('WIB');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});

test('the language switch shows English and back', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Public service malls' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a deep link to an unknown page is answered by the app, not a server 404', async ({ page }) => {
  const response = await page.goto('/halaman/yang/tidak/ada');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['cache-control']).toBe('no-cache');
  await expect(page.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Kembali ke beranda' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
});

test('the keyboard reaches the skip link first and it moves focus to the content', async ({ page }) => {
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Langsung ke konten' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('the server sends hashed assets as immutable and compressed', async ({ request }) => {
  // The page names its wasm in a preload link; reading it from the HTML does not depend on when the
  // browser records the download (a resource-timing entry appears only once the body is complete).
  const html = await (await request.get('/')).text();
  // (Minified, relative to the <base href>: href=./antrean-…_bg.wasm.)
  const wasm = html.match(/href="?(?:\.\/)?([^"\s>]+_bg\.wasm)/)?.[1];
  expect(wasm, 'index.html preloads the wasm').toBeTruthy();
  const response = await request.get(`/${wasm}`, { headers: { 'accept-encoding': 'br' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['content-type']).toBe('application/wasm');
});

test('the checklist leads to the MPPs that offer the service, and the directory searches', async ({ page }) => {
  await page.goto('/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak');
  await expect(page.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeFocused();
  await page.getByRole('link', { name: 'Pesan jadwal', exact: true }).click();
  await expect(page).toHaveURL(/\/mpp\?layanan=paspor-baru-anak$/);
  await expect(page.getByText('Menampilkan MPP yang melayani Paspor anak (di bawah 17 tahun).')).toBeVisible();
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-medan"]')).toBeVisible();
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-bitung"]')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Tampilkan semua MPP' }).click();
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-bitung"]')).toBeVisible();
  await page.getByLabel('Cari MPP (nama, kota, provinsi)').fill('surabaya');
  await expect(page.locator('li.mpp-card')).toHaveCount(1);
  await expect(page.locator('li.mpp-card[data-mpp-id="mpp-siola"]')).toBeVisible();
});
