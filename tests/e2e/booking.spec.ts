// Booking, end to end on a phone against the real server: from the checklist to the proof (QR code
// decoded, .ics parsed), the MPP's time whatever the device's zone, a lost answer retried without a
// second booking, a hold that runs out and a slot taken meanwhile (409 with alternatives, data
// kept), reschedule and cancel from "Tiket saya", and a reload in the middle of the flow.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { generatedPort } from './playwright.config';
import { decodeQr, expectNoAxeViolations, failOnPageErrors, fillApplicant, openDayWithFreeSlots, testNik } from './support';

const CHILD_PASSPORT =
  '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=cerai&hak-asuh=ada-penetapan&paspor-lama=tidak&percepatan=tidak';

/** This file's NIKs: serials from 100 (500 on the desktop project). */
const nik = (testInfo: TestInfo, n: number) => testNik(testInfo, 100, n);

/** Opens a shared checklist link, and waits until the device has kept its answers. */
async function answerByLink(page: Page, link: string) {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
  const service = link.split('/')[2];
  await expect.poll(() => page.evaluate(() => localStorage.getItem('antrean.checklists') ?? '')).toContain(`"${service}":{`);
}

/** The booking as the device keeps it (code, token, slot). */
async function storedBooking(page: Page, code: string) {
  const bookings = await page.evaluate(() => JSON.parse(localStorage.getItem('antrean.bookings') ?? '{}'));
  return bookings.state.find((b: { code: string }) => b.code === code);
}

/** The booking as the server has it, read with its manage token. */
async function serverBooking(page: Page, code: string, token: string) {
  const response = await page.request.get(`/api/v1/bookings/${code}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  return response.json();
}

test.describe('on a phone', () => {
  test.skip(({ isMobile }) => !isMobile, 'the booking journeys run on the phone viewport');

  test('from the checklist to the proof: QR code, calendar file, the checklist to bring', async ({ page }, testInfo) => {
    const errors = failOnPageErrors(page);
    await page.goto(CHILD_PASSPORT);
    await page.getByRole('link', { name: 'Pesan jadwal', exact: true }).click();
    await page.locator('li.mpp-card[data-mpp-id="mpp-tomohon"] h2 a').click();
    await page.getByRole('link', { name: 'Pesan: Paspor anak (di bawah 17 tahun)' }).click();
    await expect(page).toHaveURL(/\/pesan\/mpp-tomohon\/imigrasi\/paspor-baru-anak\/hari$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Pilih hari' })).toBeFocused();
    await expect(page.getByText('Langkah 1 dari 4')).toBeVisible();
    await expect(page.locator('.month__grid')).toBeVisible();
    await expectNoAxeViolations(page);
    // The list view explains every day.
    await page.getByRole('button', { name: 'Tampilkan sebagai daftar' }).click();
    await expect(page.locator('.day-list__day').first()).toBeVisible();
    await expectNoAxeViolations(page);
    await page.locator('.notice--next a').click();
    await expect(page).toHaveURL(/\/jam\?tanggal=\d{4}-\d{2}-\d{2}$/);
    await expect(page.getByText('Jam dalam WITA, waktu setempat MPP.')).toBeVisible();
    await expectNoAxeViolations(page);
    const slot = page.locator('button.slot:enabled').first();
    const slotTime = (await slot.locator('.slot__time').textContent())!;
    await slot.click();
    await expect(page).toHaveURL(/\/data$/);
    await expect(page.locator('.hold-timer')).toContainText('Tempat ini ditahan untuk Anda');
    // Mistakes are explained, field by field, with a summary.
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await expect(page.locator('.error-summary')).toBeFocused();
    await expect(page.locator('.error-summary')).toContainText('NIK harus 16 digit');
    await page.getByLabel('NIK').fill('7173014107901');
    await expect(page.locator('#applicant-nik-error')).toHaveText('NIK harus 16 digit. Lihat KTP-el atau Kartu Keluarga.');
    await page.getByLabel('NIK').fill('9973014107900001');
    await expect(page.locator('#applicant-nik-error')).toHaveText('Dua digit pertama NIK bukan kode provinsi.');
    await page.getByLabel('NIK').fill('7173013213900001');
    await expect(page.locator('#applicant-nik-error')).toHaveText(/Angka ke-7 sampai ke-12 NIK berisi tanggal lahir, tetapi di sini bukan tanggal yang ada/);
    await expectNoAxeViolations(page);
    await fillApplicant(page, 'Siti Nurhaliza', nik(testInfo, 1));
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await expect(page).toHaveURL(/\/periksa$/);
    await expect(page.locator('.summary')).toContainText('Siti Nurhaliza');
    await expect(page.locator('.summary')).toContainText(slotTime);
    await expect(page).not.toHaveURL(/Siti|7173/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    await expect(page).toHaveURL(/\/tiket\/[0-9A-Z-]+$/);
    const code = (await page.locator('#booking-code').textContent())!.trim();
    await expect(page.locator('#ticket-time')).toHaveText(slotTime);
    await expect(page.locator('.bring')).toContainText('Putusan pengadilan tentang hak asuh anak');
    await expectNoAxeViolations(page);

    // The QR code holds the booking's signed proof (`AQ1.` and base32), as the device keeps it.
    const decoded = await decodeQr(page, '.ticket__qr');
    expect(decoded).toMatch(/^AQ1\.[A-Z2-7]+$/);
    expect(decoded).toBe((await storedBooking(page, code)).proof);

    // The calendar file is an RFC 5545 event at the booked instant, in the MPP's zone.
    const stored = await storedBooking(page, code);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Tambah ke kalender' }).click();
    const file = readFileSync((await (await download).path())!, 'utf8');
    const calendar = new ICAL.Component(ICAL.parse(file));
    const zone = calendar.getFirstSubcomponent('vtimezone')!;
    ICAL.TimezoneService.register(zone);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.component.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Asia/Makassar');
    expect(event.startDate.toJSDate().toISOString()).toBe(new Date(stored.slot.start_utc).toISOString());
    expect(event.summary).toContain('Paspor anak');
    expect(event.description).toContain(code);
    expect(errors).toEqual([]);
  });

  test.describe('on a device set to New York time', () => {
    test.use({ timezoneId: 'America/New_York' });

    test('a 09:00 WITA slot is 09:00 WITA everywhere and 01:00 UTC on the server', async ({ page }, testInfo) => {
      // A weekday next week, in the released range of the Dukcapil counter.
      const day = new Date(Date.now() + 8 * 86_400_000);
      while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
      const date = day.toISOString().slice(0, 10);
      await page.goto(`/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/jam?tanggal=${date}`);
      await expect(page.getByText('Perangkat Anda memakai zona waktu lain')).toBeVisible();
      await page.getByRole('button', { name: /^09\.00–09\.20 WITA/ }).click();
      await fillApplicant(page, 'Budi Santoso', nik(testInfo, 2));
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await expect(page.locator('.summary')).toContainText('09.00–09.20 WITA');
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
      await expect(page.locator('#ticket-time')).toHaveText('09.00–09.20 WITA');
      const code = (await page.locator('#booking-code').textContent())!.trim();
      const stored = await storedBooking(page, code);
      const server = await serverBooking(page, code, stored.manage_token);
      expect(server.slot.start_utc).toBe(`${date}T01:00:00Z`);
      expect(server.slot.start).toBe(`${date}T09:00:00`);
      await page.getByRole('button', { name: 'English' }).click();
      await expect(page.locator('#ticket-time')).toHaveText('09:00–09:20 WITA');
    });
  });

  test('a lost answer is retried with the same key: one booking, and the proof shows it', async ({ page }, testInfo) => {
    let firstCode: string | undefined;
    let posts = 0;
    await page.route('**/api/v1/bookings', async (route) => {
      posts += 1;
      if (posts === 1) {
        // The server commits the booking, then the answer is lost on the way back.
        const response = await route.fetch();
        expect(response.status()).toBe(201);
        firstCode = (await response.json()).code;
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
    await page.locator('.notice--next a').click();
    await page.locator('button.slot:enabled').first().click();
    await fillApplicant(page, 'Agus Salim', nik(testInfo, 3));
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    await expect(page).toHaveURL(/\/tiket\//);
    expect(posts).toBe(2);
    await expect(page.locator('#booking-code')).toHaveText(firstCode!);
    const stored = await page.evaluate(() => ['antrean.bookings', 'antrean.draft'].map((key) => JSON.parse(localStorage.getItem(key)!).state));
    expect(stored[0]).toHaveLength(1);
    expect(stored[1]).toBeNull();
  });

  test('a second booking with the same NIK that day says why, and leads to the one on this device', async ({ page }, testInfo) => {
    // Both on one day: the first on a day with three free slots, the second on that day again.
    let day = '';
    const book = async (slot: number) => {
      if (day) {
        await page.goto(day);
      } else {
        await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
        await openDayWithFreeSlots(page, 3);
        day = page.url();
      }
      await page.locator('button.slot:enabled').nth(slot).click();
      await fillApplicant(page, 'Sri Mulyani', nik(testInfo, 7));
      await page.getByRole('button', { name: 'Lanjut' }).click();
      await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    };
    await book(0);
    await expect(page).toHaveURL(/\/tiket\//);
    const code = (await page.locator('#booking-code').textContent())!.trim();
    await book(1);
    const notice = page.getByRole('alert').filter({ hasText: 'NIK ini sudah punya pesanan untuk layanan ini pada hari itu' });
    await expect(notice).toBeVisible();
    await expect(notice).toBeFocused();
    await expect(page.getByText('Jam ini baru saja terisi')).toHaveCount(0);
    await expectNoAxeViolations(page);
    await notice.getByRole('link', { name: `Lihat pesanan ${code}` }).click();
    await expect(page).toHaveURL(new RegExp(`/tiket/${code}$`));
    await expect(page.locator('#booking-code')).toHaveText(code);
  });

  test('moving a booking that was cancelled meanwhile says it cannot be moved', async ({ page }, testInfo) => {
    await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
    await page.locator('.notice--next a').click();
    await page.locator('button.slot:enabled').first().click();
    // Typed with a combining accent, as some keyboards write it: kept (and sent) as one "é".
    await fillApplicant(page, 'Jose\u0301 Rizal', nik(testInfo, 8));
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('antrean.draft')!).state.applicant.full_name)).toBe('Jos\u00e9 Rizal');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    const code = (await page.locator('#booking-code').textContent())!.trim();
    await page.getByRole('button', { name: 'Ubah jadwal' }).click();
    await (await openDayWithFreeSlots(page, 3)).nth(2).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Periksa jadwal baru' })).toBeVisible();
    // Cancelled from another device with the same manage token, while this one was choosing.
    const token = (await storedBooking(page, code)).manage_token;
    const cancel = await page.request.post(`/api/v1/bookings/${code}/cancel`, { headers: { authorization: `Bearer ${token}` } });
    expect(cancel.status()).toBe(200);
    await page.getByRole('button', { name: 'Pindahkan jadwal' }).click();
    await expect(page.getByRole('alert')).toContainText('Pesanan yang dibatalkan tidak dapat dijadwalkan ulang.');
    expect((await serverBooking(page, code, token)).status).toBe('cancelled');
  });

  test('reload mid-flow keeps the step and the data; cancel and reschedule from Tiket saya', async ({ page }, testInfo) => {
    await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
    await page.locator('.notice--next a').click();
    await page.locator('button.slot:enabled').first().click();
    await page.getByLabel('Nama lengkap').fill('Dewi Lestari');
    await page.getByLabel('NIK').fill(nik(testInfo, 4));
    await page.reload();
    await expect(page).toHaveURL(/\/data$/);
    await expect(page.getByLabel('Nama lengkap')).toHaveValue('Dewi Lestari');
    await expect(page.getByLabel('NIK')).toHaveValue(nik(testInfo, 4));
    await page.getByLabel('Nomor ponsel').fill('0812 3456 7890');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    const code = (await page.locator('#booking-code').textContent())!.trim();
    const before = (await page.locator('#ticket-time').textContent())!;

    await page.getByRole('link', { name: 'Tiket saya' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tiket saya' })).toBeVisible();
    await expect(page.locator(`li.ticket-card[data-code="${code}"]`)).toContainText('Aktif');
    await expectNoAxeViolations(page);
    await page.locator(`li.ticket-card[data-code="${code}"] h2 a`).click();

    // Reschedule to another time.
    await page.getByRole('button', { name: 'Ubah jadwal' }).click();
    await expect(page).toHaveURL(/\/hari$/);
    const other = (await openDayWithFreeSlots(page, 3)).nth(2);
    const after = (await other.locator('.slot__time').textContent())!;
    expect(after).not.toBe(before);
    await other.click();
    await expect(page).toHaveURL(/\/periksa$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Periksa jadwal baru' })).toBeVisible();
    await page.getByRole('button', { name: 'Pindahkan jadwal' }).click();
    await expect(page).toHaveURL(new RegExp(`/tiket/${code}$`));
    await expect(page.locator('#ticket-time')).toHaveText(after);
    const token = (await storedBooking(page, code)).manage_token;
    expect((await serverBooking(page, code, token)).slot.start).toContain(after.slice(0, 5).replace('.', ':'));

    // Cancel, with a confirmation.
    await page.getByRole('button', { name: 'Batalkan pesanan' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ya, batalkan' }).click();
    await expect(page.locator('.ticket__status')).toHaveText('Dibatalkan');
    expect((await serverBooking(page, code, token)).status).toBe('cancelled');
  });

  test('tickets move to another phone through a file', async ({ page, browser }, testInfo) => {
    await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
    await page.locator('.notice--next a').click();
    await page.locator('button.slot:enabled').first().click();
    await fillApplicant(page, 'Rina Wati', nik(testInfo, 5));
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    const code = (await page.locator('#booking-code').textContent())!.trim();
    await page.goto('/tiket');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Simpan tiket ke file' }).click();
    const path = (await (await download).path())!;
    const other = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
    await other.goto('/tiket');
    await expect(other.getByText('Belum ada pesanan di perangkat ini.')).toBeVisible();
    await other.locator('#import-tickets').setInputFiles(path);
    await expect(other.getByText('1 tiket dibuka dari file.')).toBeVisible();
    await other.locator(`li.ticket-card[data-code="${code}"] h2 a`).click();
    await expect(other.getByRole('button', { name: 'Batalkan pesanan' })).toBeVisible();
    await other.close();
  });
});

test.describe('two phones and the last seat (one-minute holds)', () => {
  test.use({ baseURL: `http://127.0.0.1:${generatedPort}` });
  test.skip(({ isMobile }) => !isMobile, 'runs once');

  test('the hold runs out, the other phone takes the seat, the first sees 409 with alternatives and its data', async ({ page, browser }) => {
    test.setTimeout(150_000);
    const day = new Date(Date.now() + 9 * 86_400_000);
    while ([0, 6].includes(day.getUTCDay())) day.setUTCDate(day.getUTCDate() + 1);
    const date = day.toISOString().slice(0, 10);
    const time = `/pesan/mpp-uji-0001/imigrasi/paspor-baru-anak/jam?tanggal=${date}`;
    // Both phones answered the questions.
    await answerByLink(page, CHILD_PASSPORT.replace('orang-tua=cerai&hak-asuh=ada-penetapan', 'orang-tua=menikah&keduanya-hadir=ya'));
    await page.goto(time);
    await page.getByRole('button', { name: /^10\.00–10\.30 WIB/ }).click();
    await fillApplicant(page, 'Putri Ayu', '3174014107900011');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await expect(page).toHaveURL(/\/periksa$/);
    // The first phone waits too long: its hold runs out and it is told so.
    await expect(page.getByText('Waktu penahanan tempat habis.')).toBeVisible({ timeout: 75_000 });

    const other = await browser.newPage({ baseURL: `http://127.0.0.1:${generatedPort}` });
    await answerByLink(other, CHILD_PASSPORT.replace('orang-tua=cerai&hak-asuh=ada-penetapan', 'orang-tua=menikah&keduanya-hadir=ya'));
    await other.goto(time);
    await other.getByRole('button', { name: /^10\.00–10\.30 WIB/ }).click();
    await fillApplicant(other, 'Bayu Aji', '3174015507900012');
    await other.getByRole('button', { name: 'Lanjut' }).click();
    await other.getByRole('button', { name: 'Pesan sekarang' }).click();
    await expect(other).toHaveURL(/\/tiket\//);
    await other.close();

    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Jam ini baru saja terisi' })).toBeVisible();
    await expect(page.locator('.alternatives button').first()).toBeVisible();
    await expect(page.locator('.summary')).toContainText('Putri Ayu');
    await expectNoAxeViolations(page);
    await page.locator('.alternatives button').first().click();
    await expect(page.locator('.hold-timer')).toBeVisible();
    await page.getByRole('button', { name: 'Pesan sekarang' }).click();
    await expect(page).toHaveURL(/\/tiket\//);
  });
});
