// A counter in draw mode, in the browser, against the real server: the seed data with one counter
// switched to draw mode by editing its TOML (as an operator would), a citizen enters the draw on
// the counter's page, keeps the entry on the device, waits, and reads the result (a booking, with
// its proof) once the window has closed; in both languages, axe clean.
//
// The server cannot wait a month for the next release: this file runs its own server (debug build)
// with ANTREAN_TEST_CLOCK_SHIFT_MINUTES, first inside the window, then after its close, and moves
// the browser's clock by the same amount (Playwright's clock), so that both agree on "now".
import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { drawPort } from './playwright.config';
import { expectNoAxeViolations, failOnPageErrors } from './support';

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, 'target/e2e-draw');
const base = `http://127.0.0.1:${drawPort}`;
const PLACE = 'mpp-jayapura/imigrasi/paspor-baru-anak';
const ANSWERS = '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
const MINUTE = 60_000;

let server: ChildProcess | undefined;

/** Starts the draw server with its clock moved by `shift` minutes, and waits until it answers. */
async function start(shift: number) {
  server = spawn(path.join(root, 'target/debug/antrean-server'), [], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      ANTREAN_LISTEN: `127.0.0.1:${drawPort}`,
      ANTREAN_DATABASE_URL: `sqlite://${dir}/antrean.sqlite3`,
      ANTREAN_DIST: path.join(root, 'dist'),
      ANTREAN_DATA: path.join(dir, 'data'),
      ANTREAN_LOG: 'error',
      ANTREAN_TEST_CLOCK_SHIFT_MINUTES: String(shift),
    },
  });
  await expect.poll(async () => (await fetch(`${base}/api/health`).catch(() => undefined))?.status, { timeout: 20_000 }).toBe(200);
}

async function stop() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGTERM');
  await exited;
}

type DrawInfo = { id: string; state: string; opens_at: string; closes_at: string; days: string[] };

test.describe('a counter in draw mode', () => {
  test.skip(({ isMobile }) => !isMobile, 'one draw per run: on the phone project');
  test.afterEach(stop);

  test('enter the draw, keep the entry, and read the result: a booking with its proof', async ({ page, browser }) => {
    test.setTimeout(120_000);
    // The seed data, with Jayapura's passport counter switched to draw mode in its TOML.
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(root, 'data'), path.join(dir, 'data'), { recursive: true });
    const toml = path.join(dir, 'data/directory/mpp-jayapura.toml');
    const edited = readFileSync(toml, 'utf8').replace(
      'release = { kind = "monthly_last_working_day", at = "09:00" }',
      'release = { kind = "monthly_last_working_day", at = "09:00", draw_minutes = 60 }',
    );
    writeFileSync(toml, edited);

    // When the next window opens; then the server and the browser five minutes into it.
    await start(0);
    const schedule = await (await fetch(`${base}/api/v1/draws/${PLACE}`)).json();
    const next: DrawInfo = schedule.draws.find((d: DrawInfo) => d.state !== 'drawn');
    const shift = Math.max(0, Math.ceil((Date.parse(next.opens_at) - Date.now()) / MINUTE)) + 5;
    await stop();
    await start(shift);
    await page.clock.install({ time: Date.now() + shift * MINUTE });
    const errors = failOnPageErrors(page);

    // The checklist's answers first (the booking the draw gives lists what to bring).
    await page.goto(`${base}${ANSWERS}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
    await page.goto(`${base}/mpp/mpp-jayapura`);
    await page.getByRole('link', { name: 'Ikut undian: Paspor anak (di bawah 17 tahun)' }).click();
    await expect(page).toHaveURL(new RegExp(`/pesan/${PLACE}/undian$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Undian tempat' })).toBeFocused();
    await expect(page.getByRole('heading', { level: 2, name: 'Pendaftaran undian dibuka' })).toBeVisible();
    // In the MPP's time (WIT), whatever the device's zone (the phone project's is the runner's).
    await expect(page.getByText(/^Daftar sampai \w+, \d+ \w+ \d{4}, \d\d\.\d\d WIT\./)).toBeVisible();
    await expectNoAxeViolations(page);

    // Nothing chosen: each mistake is said, and the focus goes to the first.
    await page.getByRole('button', { name: 'Ikut undian' }).click();
    await expect(page.getByLabel('Nama lengkap')).toBeFocused();
    await expect(page.getByText('Pilih setidaknya satu hari, atau centang “hari apa saja”.')).toBeVisible();
    await page.getByLabel('Nama lengkap').fill('Maria Wenda');
    await page.getByLabel('NIK').fill('9171014107900011');
    await page.getByLabel('Nomor ponsel').fill('0812 3456 7890');
    // The same day twice is refused; then a first and a second choice, mornings.
    const first = await page.getByLabel('Pilihan hari pertama').locator('option').nth(1).getAttribute('value');
    const second = await page.getByLabel('Pilihan hari pertama').locator('option').nth(2).getAttribute('value');
    await page.getByLabel('Pilihan hari pertama').selectOption(first!);
    await page.getByLabel('Pilihan hari kedua').selectOption(first!);
    await page.getByRole('button', { name: 'Ikut undian' }).click();
    await expect(page.getByText('Hari yang sama dipilih dua kali. Pilih hari yang berbeda.')).toBeVisible();
    await page.getByLabel('Pilihan hari kedua').selectOption(second!);
    await page.getByLabel('Pagi (sebelum pukul 12)').check();
    await page.getByRole('button', { name: 'Ikut undian' }).click();

    // Entered: the card, focused, with the entry's fingerprint; kept on the device.
    const card = page.locator('.draw-entry');
    await expect(card.getByRole('heading', { level: 2, name: 'Pendaftaran undian Anda' })).toBeFocused();
    await expect(card).toContainText('Anda sudah terdaftar.');
    const fingerprint = (await card.locator('.draw-entry__fingerprint').textContent())!.trim();
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    await expect(page.getByRole('heading', { name: 'Pendaftaran undian dibuka' })).toHaveCount(0);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('antrean.draws') ?? '{}'));
    expect(kept.state[0].fingerprint).toBe(fingerprint);
    expect(kept.state[0].entry_token).toBeTruthy();
    await expectNoAxeViolations(page);
    // "Tiket saya" lists it, waiting.
    await page.goto(`${base}/tiket`);
    await expect(page.locator(`li[data-fingerprint="${fingerprint}"]`)).toContainText('Menunggu undian');

    // At the MPP's kiosk, another citizen enters and prints the entry slip (80 mm).
    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    const kiosk = await kioskContext.newPage();
    await kiosk.clock.install({ time: Date.now() + shift * MINUTE });
    await kiosk.goto(`${base}${ANSWERS}&mode=kiosk`);
    await expect(kiosk.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
    await kiosk.goto(`${base}/pesan/${PLACE}/undian`);
    await kiosk.getByLabel('Nama lengkap').fill('Yohana Kogoya');
    await kiosk.getByLabel('NIK').fill('9171014107900029');
    await kiosk.getByLabel('Nomor ponsel').fill('0813 2222 3333');
    await kiosk.getByLabel('Hari apa saja dalam periode ini juga boleh').check();
    await kiosk.getByRole('button', { name: 'Ikut undian' }).click();
    await expect(kiosk.locator('.draw-entry')).toContainText('Anda sudah terdaftar.');
    await kiosk.evaluate(() => {
      (window as unknown as { printed: string[] }).printed = [];
      window.print = () => (window as unknown as { printed: string[] }).printed.push(document.body.className);
    });
    await kiosk.getByRole('button', { name: 'Cetak bukti pendaftaran' }).click();
    expect(await kiosk.evaluate(() => (window as unknown as { printed: string[] }).printed)).toEqual([expect.stringContaining('print-ticket')]);
    // Kept for this citizen's session only: in sessionStorage, never in localStorage.
    expect(await kiosk.evaluate(() => [localStorage.getItem('antrean.draws'), !!sessionStorage.getItem('antrean.draws')])).toEqual([null, true]);
    await expectNoAxeViolations(kiosk);
    await kioskContext.close();

    // The window closes: the server's first request after it makes the draw.
    await stop();
    const after = shift + 60 + 2;
    await start(after);
    await page.clock.setSystemTime(Date.now() + after * MINUTE);
    await page.goto(`${base}/pesan/${PLACE}/undian`);
    await expect(card).toContainText(/^.*Anda mendapat tempat: \w+, \d+ \w+ \d{4}, \d\d\.\d\d–\d\d\.\d\d WIT\./);
    await expectNoAxeViolations(page);
    // A first choice's morning slot, as asked (the only entry: every place is free).
    const proof = card.getByRole('link', { name: 'Lihat bukti booking' });
    await proof.click();
    await expect(page.locator('.ticket__code')).toBeVisible();
    const booking = await page.evaluate(() => JSON.parse(localStorage.getItem('antrean.bookings') ?? '{}').state[0]);
    expect(booking.slot.start.slice(0, 10)).toBe(first);
    expect(Number(booking.slot.start.slice(11, 13))).toBeLessThan(12);
    // The published draw lists the fingerprint, nothing personal.
    const result = await (await fetch(`${base}/api/v1/draws/${next.id}/result`)).text();
    expect(result).toContain(fingerprint);
    expect(result).not.toContain('9171014107900011');
    expect(result).not.toContain('Maria');

    // In English too.
    await page.goto(`${base}/pesan/${PLACE}/undian?lang=en`);
    await expect(page.getByRole('heading', { level: 2, name: 'Your entry in the draw' })).toBeVisible();
    await expect(card).toContainText('You got a place:');
    await expectNoAxeViolations(page);
    await page.goto(`${base}/tiket?lang=en`);
    await expect(page.locator(`li[data-fingerprint="${fingerprint}"]`)).toContainText('Got a place');
    expect(errors).toEqual([]);
  });
});

