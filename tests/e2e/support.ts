// Helpers shared by the end-to-end tests.
import { expect, type Frame, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import jsQR from 'jsqr';

/** Runs axe-core on the page as it is now and expects zero violations (WCAG 2.2 A and AA). */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, 'axe-core violations').toEqual([]);
}

/** Fails the test on any uncaught error or console error in the page (a wasm panic shows up here). */
export function failOnPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * From a booking calendar (`…/hari`), opens the first open day with at least `count` free slots
 * and returns them. The tests run at any hour against the real clock: late in the MPP's day the
 * next open day is today with only its last slots left, so "the third free slot of the next open
 * day" is not always there.
 */
export async function openDayWithFreeSlots(page: Page, count: number) {
  const days = page.locator('td.day--open a');
  await expect(days.first()).toBeVisible();
  const total = await days.count();
  for (let index = 0; index < total; index += 1) {
    await days.nth(index).click();
    await expect(page).toHaveURL(/\/jam\?tanggal=/);
    const free = page.locator('button.slot:enabled');
    await expect(free.first().or(page.locator('.notice--offline'))).toBeVisible();
    if ((await free.count()) >= count) return free;
    await page.goBack();
    await expect(page).toHaveURL(/\/hari$/);
    await expect(days.first()).toBeVisible();
  }
  throw new Error(`no open day has ${count} free slots`);
}

/**
 * A valid NIK (Kota Tomohon, a woman born 1 July 1990) with a serial of its own: each spec file
 * takes a block of serials, the desktop project 400 above the phone's, so that the rule of one
 * booking per NIK per service and day never ties two tests together.
 */
export function testNik(testInfo: TestInfo, block: number, n: number): string {
  const serial = block + (testInfo.project.name === 'phone' ? 0 : 400) + n;
  return `717301410790${String(serial).padStart(4, '0')}`;
}

/** Types an applicant into the booking form by its Indonesian labels. */
export async function fillApplicant(page: Page, name: string, nikValue: string) {
  await page.getByLabel('Nama lengkap').fill(name);
  await page.getByLabel('NIK').fill(nikValue);
  await page.getByLabel('Nomor ponsel').fill('0812 3456 7890');
}

/** A child's passport at MPP Tomohon booked inside a portal's iframe, as the portal's citizen books
 * it (from the checklist's link to the proof); returns the booking code. */
export async function bookInFrame(frame: Frame, deployBase: string, nikValue: string): Promise<string> {
  const answers = 'layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
  await frame.goto(`${deployBase}${answers}&embed=1`);
  await expect(frame.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
  await frame.getByRole('link', { name: 'Pesan jadwal', exact: true }).click();
  await frame.locator('li.mpp-card[data-mpp-id="mpp-tomohon"] h2 a').click();
  await frame.getByRole('link', { name: 'Pesan: Paspor anak (di bawah 17 tahun)' }).click();
  await frame.locator('.notice--next a').click();
  await frame.locator('button.slot:enabled').first().click();
  await expect(frame.getByLabel('Nama lengkap')).toBeVisible({ timeout: 15_000 });
  await frame.getByLabel('Nama lengkap').fill('Warga Portal');
  await frame.getByLabel('NIK').fill(nikValue);
  await frame.getByLabel('Nomor ponsel').fill('0812 3456 7890');
  await frame.getByRole('button', { name: 'Lanjut' }).click();
  await frame.getByRole('button', { name: 'Pesan sekarang' }).click();
  await expect(frame.locator('.ticket__code')).toBeVisible({ timeout: 15_000 });
  return (await frame.locator('.ticket__code').textContent())!.trim();
}

/** Moves a booking in a test server's SQLite database so that its slot (20 minutes) starts
 * `minutes` from now, written in the MPP's local time `utcOffsetHours` ahead of UTC: the server has
 * no clock to set, and slots can be booked only in the future. */
export function moveBooking(database: string, code: string, minutes: number, utcOffsetHours: number) {
  const start = new Date(Math.floor(Date.now() / 1000) * 1000 + minutes * 60_000);
  const local = (t: Date) => new Date(t.getTime() + utcOffsetHours * 3600_000).toISOString().slice(0, 19);
  const startUtc = start.toISOString().replace('.000Z', 'Z');
  const end = new Date(start.getTime() + 20 * 60_000);
  const sql = `UPDATE booking SET slot_start = '${startUtc}', local_date = '${local(start).slice(0, 10)}',
    document = json_set(document, '$.slot.start_utc', '${startUtc}', '$.slot.start', '${local(start)}', '$.slot.end', '${local(end)}')
    WHERE code = '${code}';`;
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', database, sql]);
}

/**
 * What a phone's camera reads in the QR code shown by the image `selector`: the image as the page
 * draws it, scaled onto a canvas, its pixels decoded by jsQR here (the picture, not the markup
 * behind it; nothing injected into the page, whose CSP allows no inline script).
 */
export async function decodeQr(page: Page, selector: string): Promise<string | undefined> {
  const side = 400;
  const pixels = await page.evaluate(async ({ selector, side }) => {
    const image = document.querySelector<HTMLImageElement>(selector)!;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, side, side);
    return Array.from(context.getImageData(0, 0, side, side).data);
  }, { selector, side });
  return jsQR(Uint8ClampedArray.from(pixels), side, side)?.data;
}
