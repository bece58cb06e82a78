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
import { drawPort, drawPortalPort } from './playwright.config';
import { decodeQr, expectNoAxeViolations, failOnPageErrors } from './support';

const root = path.resolve(__dirname, '../..');
const dir = path.join(root, 'target/e2e-draw');
const base = `http://127.0.0.1:${drawPort}`;
const PLACE = 'mpp-jayapura/imigrasi/paspor-baru-anak';
const ANSWERS = '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
const MINUTE = 60_000;

let server: ChildProcess | undefined;
let portal: ChildProcess | undefined;

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
      ANTREAN_APP_CONFIG: path.join(dir, 'config.json'),
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
  test.afterEach(() => portal?.kill());

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
    // A portal on another site may embed it (the embedded entry, below).
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ allowed_origins: [`http://127.0.0.2:${drawPortalPort}`] }));

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
    // Kept on the device once the page has stored them (after rendering): only then leave it.
    await expect.poll(() => page.evaluate(() => localStorage.getItem('antrean.checklists') ?? '')).toContain('"paspor-baru-anak":{');
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
    // A phone keeps its own entry: no QR code to carry it elsewhere.
    await expect(card.locator('.draw-entry__hand-over')).toHaveCount(0);
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

    // At the MPP's kiosk, another citizen enters and prints the entry slip (80 mm). The hall's
    // kiosks have a deploy of their own (its configuration says kiosk, so its address opens as a
    // kiosk anywhere) that names the app's address for phones: here the same server by another name.
    const phoneApp = `http://localhost:${drawPort}`;
    const kioskContext = await browser.newContext({ viewport: { width: 1080, height: 1920 } });
    await kioskContext.route(`${base}/config.json`, (route) =>
      route.fulfill({ json: { kiosk: { idle_seconds: 600, phone_url: `${phoneApp}/` } } }),
    );
    const kiosk = await kioskContext.newPage();
    await kiosk.clock.install({ time: Date.now() + shift * MINUTE });
    await kiosk.goto(`${base}${ANSWERS}`);
    await expect(kiosk.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
    await expect.poll(() => kiosk.evaluate(() => sessionStorage.getItem('antrean.checklists') ?? '')).toContain('"paspor-baru-anak":{');
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
    // The kiosk forgets the entry when the citizen leaves: a QR code on the screen and on the slip
    // carries it to their own phone (the address of Tiket saya with the entry token in its fragment).
    const handOver = kiosk.locator('.draw-entry__hand-over');
    await expect(handOver).toContainText('Pindai kode QR ini dengan kamera ponsel Anda');
    expect((await handOver.locator('img').boundingBox())!.width).toBeGreaterThanOrEqual(180);
    const kioskFingerprint = (await kiosk.locator('.draw-entry__fingerprint').textContent())!.trim();
    const scannedLink = await decodeQr(kiosk, '.draw-entry__hand-over img');
    const token = JSON.parse((await kiosk.evaluate(() => sessionStorage.getItem('antrean.draws')))!).state[0].entry_token;
    expect(scannedLink).toBe(`${phoneApp}/tiket?lang=id#undian=${next.id}&kunci=${token}`);
    // On the 80 mm slip: the code 5 cm wide, the screen's buttons and hints left out.
    await kiosk.evaluate(() => document.body.classList.add('print-ticket'));
    await kiosk.emulateMedia({ media: 'print' });
    const printed = (await handOver.locator('img').boundingBox())!;
    expect(Math.round(printed.width)).toBe(189); // 50 mm at 96 px per inch
    await expect(kiosk.getByRole('button', { name: 'Cetak bukti pendaftaran' })).toBeHidden();
    await kiosk.emulateMedia({ media: 'screen' });
    await kiosk.evaluate(() => document.body.classList.remove('print-ticket'));
    await expectNoAxeViolations(kiosk);
    await kioskContext.close();

    // Inside a portal's iframe whose storage is blocked (this browser's default for a frame of
    // another site): the entry says it is not kept, and opens in a tab of the app's own.
    portal = spawn('node', ['tests/fixtures/portal.mjs', `${base}/`, `127.0.0.2:${drawPortalPort}`], { cwd: root, stdio: 'ignore' });
    await expect.poll(async () => (await fetch(`http://127.0.0.2:${drawPortalPort}/iframe`).catch(() => undefined))?.status).toBe(200);
    const portalContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const portalPage = await portalContext.newPage();
    await portalPage.clock.install({ time: Date.now() + shift * MINUTE });
    await portalPage.goto(`http://127.0.0.2:${drawPortalPort}/iframe`);
    const frame = portalPage.frames().find((f) => f.url().startsWith(base))!;
    await frame.goto(`${base}${ANSWERS}&embed=1`);
    await frame.getByRole('link', { name: 'Pesan jadwal', exact: true }).click();
    await frame.locator('#mpp-search').fill('Jayapura');
    await frame.locator('li.mpp-card[data-mpp-id="mpp-jayapura"] h2 a').click();
    await frame.getByRole('link', { name: 'Ikut undian: Paspor anak (di bawah 17 tahun)' }).click();
    await frame.getByLabel('Nama lengkap').fill('Agus Rumbiak');
    await frame.getByLabel('NIK').fill('9171011203850007');
    await frame.getByLabel('Nomor ponsel').fill('0812 7777 8888');
    await frame.getByLabel('Hari apa saja dalam periode ini juga boleh').check();
    await frame.getByRole('button', { name: 'Ikut undian' }).click();
    const notice = frame.locator('.draw-entry .notice--offline');
    await expect(notice).toHaveText('Pendaftaran ini tidak tersimpan di perangkat Anda: halaman portal ini tidak mengizinkannya, jadi pendaftaran akan hilang bila halaman ditutup. Agar hasil undian bisa Anda lihat nanti: Buka pendaftaran di tab baru');
    const framedFingerprint = (await frame.locator('.draw-entry__fingerprint').textContent())!.trim();
    const [tab] = await Promise.all([portalPage.waitForEvent('popup'), notice.getByRole('link').click()]);
    await expect(tab.locator(`li[data-fingerprint="${framedFingerprint}"]`)).toContainText('Menunggu undian');
    expect(tab.url()).toBe(`${base}/tiket?lang=id`);
    expect(await tab.evaluate(() => JSON.parse(localStorage.getItem('antrean.draws')!).state.length)).toBe(1);
    await expectNoAxeViolations(tab);
    await portalContext.close();

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

    // The kiosk's citizen, at home, scans the slip with their phone: Tiket saya keeps the entry,
    // with the place the draw gave it and its booking; the token leaves the address.
    const homeContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const home = await homeContext.newPage();
    await home.clock.install({ time: Date.now() + after * MINUTE });
    await home.goto(scannedLink!);
    await expect(home.locator(`li[data-fingerprint="${kioskFingerprint}"]`)).toContainText('Terpilih');
    await expect(home.locator('.tickets .ticket-card').first()).toBeVisible();
    expect(home.url()).toBe(`${phoneApp}/tiket?lang=id`);
    const homeState = await home.evaluate(() => ['antrean.draws', 'antrean.bookings'].map((key) => JSON.parse(localStorage.getItem(key)!).state));
    expect(homeState[0]).toEqual([expect.objectContaining({ fingerprint: kioskFingerprint, entry_token: token, status: 'drawn' })]);
    expect(homeState[1]).toEqual([expect.objectContaining({ code: homeState[0][0].booking.code, manage_token: expect.any(String) })]);
    await expectNoAxeViolations(home);
    // Scanned again while the list of draws shows: followed there (the token leaves the address
    // again), and the entry is kept once.
    await home.evaluate((hash) => (location.hash = hash), new URL(scannedLink!).hash);
    await expect.poll(() => home.evaluate(() => location.hash)).toBe('');
    await expect(home.locator(`li[data-fingerprint="${kioskFingerprint}"]`)).toContainText('Terpilih');
    expect(await home.evaluate(() => JSON.parse(localStorage.getItem('antrean.draws')!).state.length)).toBe(1);
    // Scanned while Tiket saya is already open in the tab (only the fragment changes: no reload),
    // the link is followed as well, and the list of draws appears where there was none.
    const openContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const open = await openContext.newPage();
    await open.clock.install({ time: Date.now() + after * MINUTE });
    await open.goto(`${base}/tiket`);
    await expect(open.getByRole('heading', { level: 1, name: 'Tiket saya' })).toBeVisible();
    await expect(open.locator('.tickets-draws')).toHaveCount(0);
    await open.evaluate((hash) => (location.hash = hash), new URL(scannedLink!).hash);
    await expect(open.locator(`li[data-fingerprint="${kioskFingerprint}"]`)).toContainText('Terpilih');
    await expect.poll(() => open.evaluate(() => location.hash)).toBe('');
    expect(await open.evaluate(() => JSON.parse(localStorage.getItem('antrean.draws')!).state.length)).toBe(1);
    await expectNoAxeViolations(open);
    await openContext.close();
    // A link whose token is not an entry's, or that lost its token, is refused and keeps nothing.
    for (const broken of [`undian=${next.id}&kunci=${'A'.repeat(43)}`, `undian=${next.id}&kunci=`]) {
      const strangerContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const stranger = await strangerContext.newPage();
      await stranger.goto(`${base}/tiket#${broken}`);
      await expect(stranger.getByRole('alert')).toHaveText('Tautan ini tidak bisa membuka pendaftaran undian: periksa apakah tautannya lengkap. Bisa jadi pendaftarannya juga sudah dibatalkan.');
      expect(await stranger.evaluate(() => [localStorage.getItem('antrean.draws'), location.hash])).toEqual([null, '']);
      await strangerContext.close();
    }
    await homeContext.close();

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

