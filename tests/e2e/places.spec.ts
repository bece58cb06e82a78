// The directory by place and time: province and city, opening hours judged in the MPP's own zone
// (whatever the device's), holidays, the MPP page with its counters, "Terdekat" with and without
// the location, and the directory from the device's copy when the API is unreachable.
import { expect, test } from '@playwright/test';
import { generatedPort } from './playwright.config';
import { expectNoAxeViolations, failOnPageErrors } from './support';

const TOMOHON = 'li.mpp-card[data-mpp-id="mpp-tomohon"]';

test('province and city narrow the list, and are remembered after a reload', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto('/mpp');
  await page.getByLabel('Provinsi', { exact: true }).selectOption({ label: 'Sulawesi Utara' });
  await expect(page.locator('li.mpp-card')).toHaveCount(2);
  await expect(page.locator(TOMOHON)).toBeVisible();
  await page.getByLabel('Kota/kabupaten').selectOption({ label: 'Kota Tomohon' });
  await expect(page.locator('li.mpp-card')).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: '1 MPP' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.reload();
  await expect(page.getByLabel('Provinsi', { exact: true })).toHaveValue('71');
  await expect(page.getByLabel('Kota/kabupaten')).toHaveValue('71.73');
  await expect(page.locator('li.mpp-card')).toHaveCount(1);
  await page.getByLabel('Provinsi', { exact: true }).selectOption({ label: 'Semua provinsi' });
  await expect(page.getByLabel('Kota/kabupaten')).toBeDisabled();
  expect(await page.locator('li.mpp-card').count()).toBeGreaterThan(10);
  expect(errors).toEqual([]);
});

test.describe('on a device set to New York time', () => {
  test.use({ timezoneId: 'America/New_York' });

  test('open now is judged in the MPP zone, with holidays', async ({ page }) => {
    // Monday 23 November 2026, 01:30 UTC: 09:30 WITA in Tomohon, 08:30 WIB in Jakarta, but
    // still Sunday evening on this device.
    await page.clock.setFixedTime(new Date('2026-11-23T01:30:00Z'));
    await page.goto('/mpp');
    await expect(page.locator(`${TOMOHON} .open-now`)).toHaveText('Buka · tutup 15.00 WITA');
    // Saturday: closed, opens Monday.
    await page.clock.setFixedTime(new Date('2026-11-28T02:00:00Z'));
    await page.reload();
    await expect(page.locator(`${TOMOHON} .open-now`)).toHaveText('Tutup · buka Senin 08.00 WITA');
    // Christmas Day (a Friday), after the cuti bersama on Thursday: opens again on Monday.
    await page.clock.setFixedTime(new Date('2026-12-25T02:00:00Z'));
    await page.reload();
    await expect(page.locator(`${TOMOHON} .open-now`)).toHaveText(
      'Tutup · Libur nasional: Kelahiran Yesus Kristus · buka Senin 08.00 WITA',
    );
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator(`${TOMOHON} .open-now`)).toHaveText(
      'Closed · Public holiday: Christmas Day · opens Monday at 08:00 WITA',
    );
  });
});

test('the MPP page shows counters with Pesan, weekly hours and the closed days ahead', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.clock.setFixedTime(new Date('2026-11-23T01:30:00Z'));
  await page.goto('/mpp?layanan=paspor-baru-anak');
  await page.locator(`${TOMOHON} h2 a`).click();
  await expect(page).toHaveURL(/\/mpp\/mpp-tomohon\?layanan=paspor-baru-anak$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MPP Kota Tomohon "Wale Kabasaran"');
  // The counter offering the wanted service comes first, and every service has its own "Pesan".
  const counters = page.locator('section.counter');
  await expect(counters.first().getByRole('heading')).toHaveText('Imigrasi (Kanim Kelas I Manado)');
  const book = page.getByRole('link', { name: 'Pesan: Paspor anak (di bawah 17 tahun)' });
  await expect(book).toHaveAttribute('href', '/pesan/mpp-tomohon/imigrasi/paspor-baru-anak');
  await expect(page.locator('.counter__service--wanted')).toHaveCount(1);
  await expect(page.getByRole('row', { name: 'Senin 08.00–15.00' })).toHaveAttribute('aria-current', 'date');
  await expect(page.getByRole('row', { name: 'Sabtu Tutup' })).toBeVisible();
  await expect(page.getByText('Semua jam dalam WITA (UTC+8), waktu setempat MPP.')).toBeVisible();
  await expect(page.locator('.closed-days')).toContainText('Jumat, 25 Desember 2026 · Libur nasional: Kelahiran Yesus Kristus');
  await expect(page.locator('.closed-days')).toContainText('Kamis, 24 Desember 2026 · Cuti bersama: Kelahiran Yesus Kristus');
  const map = page.getByRole('link', { name: /Buka di peta/ });
  await expect(map).toHaveAttribute('href', /^https:\/\/www\.google\.com\/maps\/search\/\?api=1&query=MPP%20Kota%20Tomohon/);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Counters and services' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'Monday 08:00–15:00' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'All MPPs' }).click();
  await expect(page).toHaveURL(/\/mpp$/);
  expect(errors).toEqual([]);
});

test('an unknown MPP says so', async ({ page }) => {
  await page.goto('/mpp/mpp-tidak-ada');
  await expect(page.getByRole('heading', { level: 1, name: 'MPP ini tidak ada di direktori.' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('the directory is shown from the device copy when the API cannot be reached', async ({ page }) => {
  await page.goto('/mpp');
  await expect(page.locator(TOMOHON)).toBeVisible();
  await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
  await page.reload();
  await expect(page.getByText(/Tidak tersambung ke internet\. Menampilkan data yang tersimpan di perangkat ini \(diperbarui \d+ menit lalu\)\./).first()).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(TOMOHON)).toBeVisible();
  await page.locator(`${TOMOHON} h2 a`).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('MPP Kota Tomohon "Wale Kabasaran"');
});

test.describe('Terdekat, on a directory whose MPPs have locations', () => {
  test.use({ baseURL: `http://127.0.0.1:${generatedPort}` });

  test('sorts nearest first once the citizen allows the location', async ({ page, context }) => {
    const errors = failOnPageErrors(page);
    await context.grantPermissions(['geolocation']);
    // Beside the generated MPP 0004 (Kota Tomohon).
    await context.setGeolocation({ latitude: 1.2201, longitude: 124.8001 });
    await page.goto('/mpp');
    await expect(page.locator('li.mpp-card').first()).toHaveAttribute('data-mpp-id', 'mpp-uji-0001');
    const nearest = page.getByRole('button', { name: 'Urutkan dari yang terdekat' });
    await expect(nearest).toHaveAttribute('aria-pressed', 'false');
    await nearest.click();
    await expect(nearest).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByText('Diurutkan dari yang terdekat dengan lokasi Anda. Lokasi tidak disimpan.')).toBeVisible();
    const first = page.locator('li.mpp-card').first();
    await expect(first).toHaveAttribute('data-mpp-id', 'mpp-uji-0004');
    await expect(first.locator('.mpp-card__distance')).toHaveText('< 1 km');
    await expect(page.locator('li.mpp-card').nth(1).locator('.mpp-card__distance')).toHaveText('± 1 km');
    // Filters still apply, nearest first within them.
    await page.getByLabel('Cari MPP (nama, kota, provinsi)').fill('jayapura');
    await expect(page.locator('li.mpp-card').first()).toContainText('Kota Jayapura');
    await expectNoAxeViolations(page);
    // Everything the app keeps of the citizen's (the offline copy of the directory has every MPP's location).
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => !key.startsWith('antrean.cache.')).map((key) => localStorage.getItem(key)).join('\n'));
    expect(stored).not.toContain('124.8');
    await nearest.click();
    await expect(nearest).toHaveAttribute('aria-pressed', 'false');
    expect(errors).toEqual([]);
  });

  test('works without the location when it is refused', async ({ page, context }) => {
    await context.clearPermissions();
    await page.goto('/mpp');
    await page.getByRole('button', { name: 'Urutkan dari yang terdekat' }).click();
    await expect(page.getByText('Izin lokasi tidak diberikan. Anda tetap dapat memilih provinsi dan kota.')).toBeVisible();
    await expect(page.locator('li.mpp-card').first()).toHaveAttribute('data-mpp-id', 'mpp-uji-0001');
    await expect(page.getByRole('button', { name: 'Tampilkan 20 lagi' })).toBeVisible();
    await page.getByRole('button', { name: 'Tampilkan 20 lagi' }).click();
    await expect(page.locator('li.mpp-card')).toHaveCount(40);
  });
});
