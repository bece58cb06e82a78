// Where focus goes when something changes (a page reached from another, a question that appears,
// a booking cancelled), and what a citizen can do when the server cannot be reached: "Coba lagi",
// and a new try by itself once the browser is back online.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectNoAxeViolations, fillApplicant, openDayWithFreeSlots, testNik } from './support';

const CALENDAR = '/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari';

/** This file's NIKs: serials from 300 (700 on the desktop project). */
const nik = (testInfo: TestInfo, n: number) => testNik(testInfo, 300, n);

async function book(page: Page, nikValue: string): Promise<string> {
  await page.goto(CALENDAR);
  await (await openDayWithFreeSlots(page, 1)).first().click();
  await fillApplicant(page, 'Ratna Sari', nikValue);
  await page.getByRole('button', { name: 'Lanjut' }).click();
  await page.getByRole('button', { name: 'Pesan sekarang' }).click();
  await expect(page).toHaveURL(/\/tiket\//);
  return (await page.locator('#booking-code').textContent())!.trim();
}

test('a page reached from another takes focus on its heading; the first page of a visit does not', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.service-card').first()).toBeVisible();
  await expect(page.locator('main h1')).not.toBeFocused();
  await page.getByRole('navigation').getByRole('link', { name: 'Cari MPP' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mal Pelayanan Publik' })).toBeFocused();
  await page.locator('li.mpp-card[data-mpp-id="mpp-tomohon"] h2 a').click();
  await expect(page.getByRole('heading', { level: 1, name: /Tomohon/ })).toBeFocused();
  await page.getByRole('navigation').getByRole('link', { name: 'Tiket saya' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tiket saya' })).toBeFocused();
  await page.getByRole('navigation').getByRole('link', { name: 'Cek syarat' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeFocused();
});

test('cancelling: focus on the question, the next Tab on "Ya, batalkan", then on the new status', async ({ page }, testInfo) => {
  await book(page, nik(testInfo, 1));
  await page.getByRole('button', { name: 'Batalkan pesanan' }).click();
  await expect(page.locator('#cancel-question')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ya, batalkan' })).toBeFocused();
  // "Jangan batalkan" puts focus back where it was.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Batalkan pesanan' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#cancel-question')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Ya, batalkan' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('.ticket__status')).toHaveText('Dibatalkan');
  await expect(page.locator('.ticket__status')).toBeFocused();
  // A cancelled booking has nothing to put in a calendar.
  await expect(page.getByRole('button', { name: 'Tambah ke kalender' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the calendar when the server cannot be reached: "Coba lagi", and a new try once back online', async ({ page, context }) => {
  await page.route('**/availability?**', (route) => route.abort('internetdisconnected'));
  await page.goto(CALENDAR);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Server tidak dapat dihubungi');
  await expectNoAxeViolations(page);
  // Still unreachable: the button tries, and says so again.
  await alert.getByRole('button', { name: 'Coba lagi' }).click();
  await expect(alert).toContainText('Server tidak dapat dihubungi');
  // Reachable again: the button brings the calendar.
  await page.unroute('**/availability?**');
  await alert.getByRole('button', { name: 'Coba lagi' }).click();
  await expect(page.locator('.month__grid')).toBeVisible();

  // The times of a day, unreachable, then the browser comes back online: no tap needed.
  await page.route('**/availability?**', (route) => route.abort('internetdisconnected'));
  await page.locator('td.day--open a').first().click();
  await expect(page.getByRole('alert')).toContainText('Server tidak dapat dihubungi');
  await page.unroute('**/availability?**');
  await context.setOffline(true);
  await context.setOffline(false);
  await expect(page.locator('button.slot').first()).toBeVisible();
});

test('the directory when the server cannot be reached at first: "Coba lagi" brings it', async ({ page }) => {
  await page.route('**/api/v1/mpps', (route) => route.abort('internetdisconnected'));
  await page.goto('/mpp');
  await expect(page.getByRole('alert')).toContainText('Server tidak dapat dihubungi');
  await page.unroute('**/api/v1/mpps');
  await page.getByRole('button', { name: 'Coba lagi' }).click();
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
});
