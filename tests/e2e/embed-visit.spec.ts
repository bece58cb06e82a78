// The visit inside a portal's iframe, in a browser as shipped: the iframe has storage of its own
// (partitioned by the portal's site), so a booking made there is still in "Tiket saya" after the
// portal page is reloaded, and on the day its proof shows the queue number and the live queue, and
// says "your turn" when staff call it, without a reload. (The browser that gives the iframe no
// storage at all, as Chrome's incognito does: embed.spec.ts.)
//
// As in visit.spec.ts, the booking is moved in the deploy's database (sqlite3) to the time it needs.
import { expect, test, type Frame, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { chromium, deployBase, portalPort } from './playwright.config';
import { bookInFrame, expectNoAxeViolations, failOnPageErrors, testNik, moveBooking as moveBookingIn } from './support';

// Playwright's default launch arguments include `--disable-features=…,ThirdPartyStoragePartitioning,…`,
// which leaves a cross-site iframe with no localStorage or sessionStorage at all (SecurityError),
// unlike Chrome, Firefox and Safari as shipped, which partition it. The last `--disable-features`
// switch wins: this one turns partitioning back on for this file.
test.use({ launchOptions: { ...chromium, args: [...chromium.args, '--disable-features=Translate'] } });

const root = path.resolve(__dirname, '../..');
const database = path.join(root, 'target/e2e-deploy/antrean.sqlite3');
const server = path.join(root, 'target/debug/antrean-server');
async function appFrame(page: Page): Promise<Frame> {
  await expect.poll(() => page.frames().find((f) => f.url().startsWith(deployBase))?.url()).toBeTruthy();
  return page.frames().find((f) => f.url().startsWith(deployBase))!;
}

/** Moves a booking so that its slot starts `minutes` from now (WITA, Tomohon's zone). */
function moveBooking(code: string, minutes: number) {
  moveBookingIn(database, code, minutes, 8);
}

test('in a portal with partitioned storage the booking stays, and its proof follows the queue until the citizen is called', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'phone', 'one visit per run, on the phone project: "call next" takes the counter\'s first number');
  test.setTimeout(120_000);
  const errors = failOnPageErrors(page);
  await page.goto(`http://127.0.0.2:${portalPort}/`);
  let frame = await appFrame(page);
  await expect(frame.getByRole('heading', { level: 1 })).toBeVisible();
  // The iframe has storage (partitioned): this is the browser as shipped.
  expect(await frame.evaluate(() => {
    localStorage.setItem('antrean.probe', '1');
    const kept = localStorage.getItem('antrean.probe');
    localStorage.removeItem('antrean.probe');
    return kept;
  })).toBe('1');

  // A booking made in the iframe, as the portal's citizen makes it.
  const nik = testNik(testInfo, 2500, 1);
  const code = await bookInFrame(frame, deployBase, nik);
  // Kept: no notice that it is not.
  await expect(frame.locator('.ticket .notice--offline')).toHaveCount(0);

  // The portal page reloaded: the booking is still in "Tiket saya" inside the iframe.
  await page.reload();
  frame = await appFrame(page);
  await frame.getByRole('link', { name: 'Tiket saya' }).click();
  const card = frame.locator(`li.ticket-card[data-code="${code}"]`);
  await expect(card).toBeVisible();

  // The day of the visit: the slot starts in two minutes and the citizen checks in at the kiosk.
  moveBooking(code, 2);
  const checkIn = await page.request.post(`${deployBase}api/v1/check-ins`, {
    data: { mpp: 'mpp-tomohon', code, nik_last4: nik.slice(12) },
  });
  expect(checkIn.status()).toBe(201);
  const number: string = (await checkIn.json()).queue_number;
  expect(number).toMatch(/^[A-Z]-\d{3}$/);

  // The proof in the iframe shows the number and where it stands, kept current by the stream.
  await card.getByRole('link').click();
  await expect(frame.locator('.visit__number')).toHaveText(number);
  await expect(frame.locator('.visit__position')).toHaveText(/Anda berikutnya|orang sebelum Anda/);
  await expectNoAxeViolations(page); // the portal page and, inside it, the proof

  // Staff call the number at desk 1 (the operator makes the account; the password from stdin).
  execFileSync(server, ['staff', 'add', '--database', `sqlite://${database}`, '--data', path.join(root, 'data'),
    '--mpp', 'mpp-tomohon', '--counter', 'imigrasi', '--username', 'dewi.imigrasi'], { input: 'kata-sandi-imigrasi-1\n' });
  const session = await page.request.post(`${deployBase}api/v1/staff/sessions`, {
    data: { username: 'dewi.imigrasi', password: 'kata-sandi-imigrasi-1', desk: 1 },
  });
  expect(session.status()).toBe(201);
  const { token } = await session.json();
  const called = await page.request.post(`${deployBase}api/v1/staff/queue/call-next`, { headers: { authorization: `Bearer ${token}` } });
  expect(called.status()).toBe(200);

  // The iframe says so without a reload.
  await expect(frame.locator('.visit__turn')).toHaveText('Giliran Anda! Silakan menuju loket 1.');
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});
