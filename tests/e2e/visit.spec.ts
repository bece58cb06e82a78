// The day of the visit in the browser, against the real server: a booking made on a phone checks
// in at the kiosk (the scanner types the proof's QR content and Enter), the phone's proof shows the
// queue number, wrong digits are refused without saying whether the code exists, a walk-in takes
// a number, a booking not checked in by its grace shows as missed in "Tiket saya"; then the whole
// day: staff call the number, the phone says it is the citizen's turn, the hall display shows it.
//
// The server has no clock to set, and slots can be booked only in the future: a test books a slot
// the ordinary way, then moves the booking in the database (sqlite3) to the time it needs, as the
// day of the visit would find it (as the server's own tests do).
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expectNoAxeViolations, failOnPageErrors, testNik, moveBooking as moveBookingIn } from './support';

const root = path.resolve(__dirname, '../..');
const database = path.join(root, 'target/e2e/antrean-e2e.sqlite3');
const server = path.join(root, 'target/debug/antrean-server');
const PEKANBARU = { mpp: 'mpp-pekanbaru', counter: 'dukcapil', service: 'ktp-baru' };

/** This file's NIKs: serials from 1700 (2100 on the desktop project). */
const nik = (testInfo: TestInfo, n: number) => testNik(testInfo, 1700, n);

type Booking = { code: string; manage_token: string; proof: string; slot: { start_utc: string } };

/** Books the first free slot after today through the API, as the phone's app does. */
async function book(request: APIRequestContext, nikValue: string): Promise<Booking> {
  const { mpp, counter, service } = PEKANBARU;
  const availability = await (await request.get(`/api/v1/mpps/${mpp}/counters/${counter}/availability?service=${service}`)).json();
  const day = availability.days.slice(1).find((d: { status: string }) => d.status === 'open');
  const slot = day.slots.find((s: { bookable: boolean; remaining: number }) => s.bookable && s.remaining > 0);
  const response = await request.post('/api/v1/bookings', {
    headers: { 'idempotency-key': `visit-${nikValue}-${Date.now()}` },
    data: {
      mpp, counter, service, slot_start: slot.start_utc,
      applicant: { full_name: 'Siti Nurhaliza', nik: nikValue, mobile: '0812-3456-7890' },
      answers: { syarat: { choice: 'usia-17' } },
    },
  });
  expect(response.status()).toBe(201);
  return response.json();
}

/** Moves a booking so that its slot starts `minutes` from now (WIB, Pekanbaru's zone). */
function moveBooking(code: string, minutes: number) {
  moveBookingIn(database, code, minutes, 7);
}

/** Puts a booking on the phone as if it had been made there ("Tiket saya" keeps it). */
async function keepOnPhone(page: Page, booking: Booking) {
  await page.goto('/tiket');
  await page.evaluate((kept) => {
    localStorage.setItem('antrean.bookings', JSON.stringify({ version: 1, state: [kept] }));
  }, booking);
}

/** At the kiosk: the scanner types the QR's content and Enter, the citizen the NIK's digits. */
async function checkInAtKiosk(kiosk: Page, scanned: string, last4: string) {
  await expect(kiosk.getByLabel('Kode booking')).toBeFocused();
  await kiosk.keyboard.type(`${scanned}\n`, { delay: 0 });
  await expect(kiosk.getByLabel('4 angka terakhir NIK')).toBeFocused();
  await kiosk.keyboard.type(last4);
  await kiosk.getByRole('button', { name: 'Check-in dan ambil nomor antrean' }).click();
}

test.describe('the day of the visit', () => {
  test('a booking checks in at the kiosk with its QR code, and the phone shows the queue number', async ({ page, browser }, testInfo) => {
    // Two browser contexts and four axe runs: longer than one page's test.
    test.setTimeout(60_000);
    const errors = failOnPageErrors(page);
    const nikValue = nik(testInfo, 1);
    const booking = await book(page.request, nikValue);
    moveBooking(booking.code, 30);
    await keepOnPhone(page, booking);
    await page.goto(`/tiket/${booking.code}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Saat datang' })).toBeVisible();
    await expect(page.getByText(/Check-in sekarang di kios MPP/)).toBeVisible();
    await expectNoAxeViolations(page);

    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await kioskContext.newPage();
    const kioskErrors = failOnPageErrors(kiosk);
    await kiosk.goto(`/hadir/${PEKANBARU.mpp}?mode=kiosk`);
    await expect(kiosk.getByRole('heading', { level: 1, name: 'Check-in kedatangan' })).toBeVisible();
    await expectNoAxeViolations(kiosk);
    // Wrong digits: the same answer as an unknown code, read out at once; the code field is ready
    // for the next scan.
    await checkInAtKiosk(kiosk, booking.proof, '0000');
    await expect(kiosk.getByRole('alert')).toContainText(/tidak cocok|tidak ditemukan|Periksa/i);
    await expect(kiosk.getByLabel('4 angka terakhir NIK')).toHaveValue('');
    await checkInAtKiosk(kiosk, booking.proof, nikValue.slice(12));
    const slip = kiosk.locator('.queue-slip');
    await expect(slip.getByRole('heading', { name: 'Nomor antrean Anda' })).toBeFocused();
    const number = (await slip.getAttribute('data-number')) ?? '';
    expect(number).toMatch(/^D-\d{3}$/);
    await expect(slip.locator('.queue-slip__number')).toHaveText(number);
    await expect(slip).toContainText(booking.code);
    await expectNoAxeViolations(kiosk);
    // The number is large: readable from a step back.
    const size = await slip.locator('.queue-slip__number').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(56);

    // The phone learns its number from the server when the proof opens again.
    await page.reload();
    await expect(page.locator('.visit__number')).toHaveText(number);
    await expect(page.locator('.ticket__status')).toHaveText(`Sudah check-in · ${number}`);
    await expect(page.locator('.visit__position')).toHaveText(/orang sebelum Anda|Anda berikutnya|sudah tidak dalam antrean/);
    await expectNoAxeViolations(page);
    await kioskContext.close();
    // (The wrong digits' 404 is logged by the browser as a failed resource: expected.)
    expect([...errors, ...kioskErrors.filter((error) => !error.includes('status of 404'))]).toEqual([]);
  });

  test('a citizen without a booking takes a walk-in number, in English too', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const kiosk = await context.newPage();
    const errors = failOnPageErrors(kiosk);
    await kiosk.goto(`/hadir/${PEKANBARU.mpp}?mode=kiosk&lang=en`);
    await expect(kiosk.getByRole('heading', { level: 1, name: 'Check in on arrival' })).toBeVisible();
    await expectNoAxeViolations(kiosk);
    const walkIns = kiosk.getByRole('region', { name: 'No booking?' });
    await walkIns.getByRole('button', { name: /Imigrasi|Immigration/ }).click();
    const slip = kiosk.locator('.queue-slip');
    await expect(slip.getByRole('heading', { name: 'Your queue number' })).toBeFocused();
    expect(await slip.getAttribute('data-number')).toMatch(/^I-\d{3}$/);
    // Nothing sticks out at 360 px.
    const overflow = await kiosk.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(kiosk);
    await context.close();
    expect(errors).toEqual([]);
  });

  test('a booking not checked in by its grace shows as missed in Tiket saya', async ({ page }, testInfo) => {
    const booking = await book(page.request, nik(testInfo, 2));
    moveBooking(booking.code, -60);
    await keepOnPhone(page, booking);
    await page.goto('/tiket');
    const card = page.locator(`li.ticket-card[data-code="${booking.code}"]`);
    await expect(card.locator('.ticket-card__status')).toContainText('Tidak hadir');
    await card.getByRole('link').click();
    await expect(page.getByRole('heading', { level: 2, name: 'Tidak hadir' })).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('the whole day: check in, wait on the phone, staff call the number, the phone and the hall say so', async ({ page, browser }, testInfo) => {
    // One run of the day per test run: "call next" takes the counter's first number, so the other
    // project's run would race this one on the same counter.
    test.skip(!testInfo.project.name.startsWith('phone'), 'the whole day runs once, on the phone project');
    // Five browser contexts and the offline proof checks: longer than one page's test.
    test.setTimeout(90_000);
    const errors = failOnPageErrors(page);
    // The operator makes the staff account (the password from stdin, as an operator would type it).
    execFileSync(server, ['staff', 'add', '--database', `sqlite://${database}`, '--data', path.join(root, 'data'),
      '--mpp', PEKANBARU.mpp, '--counter', PEKANBARU.counter, '--username', 'rina.dukcapil'], { input: 'kata-sandi-loket-2\n' });

    const nikValue = nik(testInfo, 3);
    const booking = await book(page.request, nikValue);
    // The earliest slot of the day: booked citizens are called in slot order.
    moveBooking(booking.code, 2);
    await keepOnPhone(page, booking);

    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await kioskContext.newPage();
    await kiosk.goto(`/hadir/${PEKANBARU.mpp}?mode=kiosk`);
    await checkInAtKiosk(kiosk, booking.proof, nikValue.slice(12));
    const number = (await kiosk.locator('.queue-slip').getAttribute('data-number')) ?? '';
    expect(number).toMatch(/^D-\d{3}$/);

    // The phone shows its place in the queue, kept current by the stream.
    await page.goto(`/tiket/${booking.code}`);
    await expect(page.locator('.visit__number')).toHaveText(number);
    await expect(page.locator('.visit__position')).toHaveText(/Anda berikutnya|orang sebelum Anda/);

    // The hall display, on a TV.
    const hallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const hall = await hallContext.newPage();
    const hallErrors = failOnPageErrors(hall);
    await hall.goto(`/layar/${PEKANBARU.mpp}`);
    await expect(hall.getByRole('heading', { level: 1, name: /Pekanbaru/ })).toBeVisible();
    await expect(hall.locator('.site-header')).toBeHidden();
    await expectNoAxeViolations(hall);

    // The counter's screen: sign in at desk 2, call the next number.
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    const staffErrors = failOnPageErrors(staff);
    await staff.goto('/petugas');
    await expect(staff.getByRole('heading', { level: 1, name: 'Layar petugas loket' })).toBeFocused();
    await expectNoAxeViolations(staff);
    await staff.getByLabel('Nama pengguna').fill('rina.dukcapil');
    await staff.getByLabel('Kata sandi').fill('salah-sandi-sekali');
    await staff.getByLabel('Nomor loket').fill('2');
    await staff.getByRole('button', { name: 'Masuk' }).click();
    await expect(staff.getByRole('alert')).toBeVisible();
    await staff.getByLabel('Kata sandi').fill('kata-sandi-loket-2');
    await staff.getByRole('button', { name: 'Masuk' }).click();
    await expect(staff.getByRole('heading', { level: 1 })).toContainText('Loket 2');
    // The token lives in this tab's sessionStorage only: no cookie.
    expect(await staffContext.cookies()).toEqual([]);
    await expect(staff.locator('.staff__ticket-number', { hasText: number })).toBeVisible();
    await expectNoAxeViolations(staff);
    await staff.getByRole('button', { name: 'Panggil berikutnya' }).click();
    await expect(staff.locator('.staff__current-number')).toHaveText(number);

    // The phone says it is the citizen's turn, without a reload; the hall shows the number at desk 2.
    await expect(page.locator('.visit__turn')).toHaveText('Giliran Anda! Silakan menuju loket 2.');
    const call = hall.locator('.hall-call', { hasText: number });
    await expect(call).toBeVisible();
    await expect(call.locator('.hall-call__desk')).toHaveText('Loket 2');
    // Readable across a hall: the number at least 90 px high on a 1080p screen.
    const size = await call.locator('.hall-call__number').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(90);
    await expectNoAxeViolations(hall);

    // Served: the desk is free, and the phone says the number has left the queue.
    await staff.getByRole('button', { name: 'Selesai dilayani' }).click();
    await expect(page.locator('.visit__position')).toHaveText('Nomor ini sudah tidak dalam antrean hari ini.');

    // The desk checks proofs by itself, the network down: the key was kept when the desk opened.
    // (The proof as the server signs it now, for the slot the booking was moved to: today.)
    const today = await (await page.request.get(`/api/v1/bookings/${booking.code}`,
      { headers: { authorization: `Bearer ${booking.manage_token}` } })).json();
    const later = await book(page.request, nik(testInfo, 4));
    await staffContext.setOffline(true);
    const proofField = staff.getByLabel('Pindai kode QR bukti, atau ketik isinya');
    const verdict = staff.locator('.proof-check__result');
    await proofField.focus();
    await staff.keyboard.type(`${today.proof}\n`, { delay: 0 });
    const grouped = booking.code.replace(/^(.{4})(.{4})(.)$/, '$1-$2-$3');
    await expect(verdict).toHaveText(new RegExp(`^Sah: booking ${grouped}, hari ini pukul \\d\\d\\.\\d\\d, di loket ini\\.$`));
    // Ready for the next scan: the field is empty and keeps the focus.
    await expect(proofField).toBeFocused();
    await expect(proofField).toHaveValue('');
    // One character of the signature changed: refused, as forged.
    const at = today.proof.length - 20;
    const forged = today.proof.slice(0, at) + (today.proof[at] === 'A' ? 'B' : 'A') + today.proof.slice(at + 1);
    await staff.keyboard.type(`${forged}\n`, { delay: 0 });
    await expect(verdict).toHaveText(/^Tanda tangan tidak cocok/);
    // A genuine proof of another day, and an old proof that carries only the booking code.
    await staff.keyboard.type(`${later.proof}\n`, { delay: 0 });
    await expect(verdict).toHaveText(/^Bukan untuk hari ini: bukti ini untuk \w+, \d+ \w+ \d{4}\.$/);
    await staff.keyboard.type(`${later.code}\n`, { delay: 0 });
    await expect(verdict).toHaveText(/^Ini bukan bukti booking\./);
    await expectNoAxeViolations(staff);
    await staffContext.setOffline(false);
    // In English too.
    await staff.goto('/petugas?lang=en');
    await expect(staff.getByRole('button', { name: 'Call next' })).toBeVisible();
    await expectNoAxeViolations(staff);
    await hall.goto(`/layar/${PEKANBARU.mpp}?lang=en`);
    await expect(hall.locator('.hall-counter').first()).toBeVisible();
    await expectNoAxeViolations(hall);

    await Promise.all([kioskContext.close(), hallContext.close(), staffContext.close()]);
    // (The wrong password's 401 and the requests of the offline minutes are logged by the browser
    // as failed resources: expected.)
    const unexpected = staffErrors.filter((error) => !error.includes('status of 401') && !error.includes('ERR_INTERNET_DISCONNECTED'));
    expect([...errors, ...hallErrors, ...unexpected]).toEqual([]);
  });
});
