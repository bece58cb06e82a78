// What the device remembers, in four parts under their own keys (src/state/): a state written by
// the version before the split (one key, `antrean`, holding everything) is carried over with
// nothing lost, and a keystroke in the directory's search rewrites its filter, never the bookings.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { failOnPageErrors } from './support';

const CHECKLIST =
  '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
const PLACE = { mpp: 'mpp-tomohon', counter: 'dukcapil', service: 'ikd-aktivasi' };

/** A real booking made through the API, as the device keeps it (with its manage token and QR). */
async function bookThroughTheApi(page: Page, testInfo: TestInfo, n: number) {
  const which = 2 * n + (testInfo.project.name === 'phone' ? 0 : 1);
  const availability = await (
    await page.request.get(`/api/v1/mpps/${PLACE.mpp}/counters/${PLACE.counter}/availability?service=${PLACE.service}`)
  ).json();
  const days = availability.days.filter((day: { status: string }) => day.status === 'open');
  const day = days[days.length - 1 - which];
  const slot = day.slots.find((s: { bookable: boolean; remaining: number }) => s.bookable && s.remaining > 0);
  const hold = await (await page.request.post('/api/v1/holds', { data: { ...PLACE, slot_start: slot.start_utc } })).json();
  const serial = String(900 + which).padStart(4, '0');
  const response = await page.request.post('/api/v1/bookings', {
    headers: { 'idempotency-key': `device-state-${testInfo.project.name}-${Date.now()}` },
    data: {
      ...PLACE,
      slot_start: slot.start_utc,
      hold: hold.id,
      applicant: { full_name: 'Rina Wati', nik: `717301410790${serial}`, mobile: '+6281234567890' },
      answers: {},
    },
  });
  expect(response.status()).toBe(201);
  return response.json();
}

test('a state from before the split is carried over whole, and the old key is gone', async ({ page }, testInfo) => {
  const errors = failOnPageErrors(page);
  const booking = await bookThroughTheApi(page, testInfo, 0);
  // Real answers and a real tick, as the checklist page keeps them.
  await page.goto(CHECKLIST);
  await page.locator('.checklist__item input[type=checkbox]').first().check();
  const ticked = await page.locator('.checklist__item').first().getAttribute('data-item');
  await expect.poll(() => page.evaluate(() => localStorage.getItem('antrean.checklists'))).toContain(ticked!);
  const checklists = await page.evaluate(() => JSON.parse(localStorage.getItem('antrean.checklists')!).state);
  // The single key of the previous version, with everything in it.
  const old = {
    version: 1,
    state: {
      language: 'en',
      answers: checklists.answers,
      ticks: checklists.ticks,
      directory: { province: '71', city: null, words: 'tomo' },
      draft: null,
      bookings: [booking],
    },
  };
  await page.evaluate((old) => {
    localStorage.clear();
    localStorage.setItem('antrean', JSON.stringify(old));
  }, old);

  await page.goto('/tiket');
  await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  await expect(page.locator(`li.ticket-card[data-code="${booking.code}"]`)).toBeVisible();
  const stored = await page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => !k.startsWith('antrean.cache')).map((k) => [k, JSON.parse(localStorage.getItem(k)!)])),
  );
  expect(stored.antrean, 'the old key is gone').toBeUndefined();
  expect(stored['antrean.prefs']).toEqual({ version: 1, state: { language: 'en', directory: old.state.directory } });
  expect(stored['antrean.checklists']).toEqual({ version: 1, state: { answers: checklists.answers, ticks: checklists.ticks } });
  expect(stored['antrean.bookings'].state[0].code).toBe(booking.code);
  expect(stored['antrean.bookings'].state[0].manage_token).toBe(booking.manage_token);
  // The proof still opens (with its QR code), the tick is still there, the filter too.
  await page.locator(`li.ticket-card[data-code="${booking.code}"] a`).click();
  await expect(page.locator('#booking-code')).toHaveText(booking.code);
  await page.goto('/layanan/paspor-baru-anak/daftar');
  await expect(page.locator(`.checklist__item[data-item="${ticked}"] input`)).toBeChecked();
  await page.goto('/mpp');
  await expect(page.getByLabel('Search MPPs (name, city, province)')).toHaveValue('tomo');
  expect(errors).toEqual([]);
});

test('a keystroke in the directory search writes its filter only, not the bookings', async ({ page }, testInfo) => {
  const booking = await bookThroughTheApi(page, testInfo, 1);
  await page.goto('/halaman-yang-tidak-ada');
  await page.evaluate((booking) => {
    localStorage.setItem('antrean.bookings', JSON.stringify({ version: 1, state: [booking, booking, booking] }));
  }, booking);
  await page.addInitScript(() => {
    const writes: [string, number][] = [];
    (window as unknown as { __writes: typeof writes }).__writes = writes;
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      writes.push([key, key.length + String(value).length]);
      return setItem.call(this, key, value);
    };
  });
  await page.goto('/mpp');
  const search = page.getByLabel('Cari MPP (nama, kota, provinsi)');
  await expect(search).toBeVisible();
  await page.evaluate(() => ((window as unknown as { __writes: unknown[] }).__writes.length = 0));
  const words = 'tomohon';
  await search.pressSequentially(words);
  await expect(page.locator('li.mpp-card')).toHaveCount(1);
  const writes = await page.evaluate(() => (window as unknown as { __writes: [string, number][] }).__writes);
  expect(new Set(writes.map(([key]) => key))).toEqual(new Set(['antrean.prefs']));
  const perKeystroke = writes.reduce((sum, [, bytes]) => sum + bytes, 0) / words.length;
  // The whole state, as every keystroke used to write it under the single key.
  const before = await page.evaluate(() => Object.keys(localStorage).filter((k) => /^antrean\.(prefs|checklists|draft|bookings)$/.test(k)).reduce((sum, k) => sum + localStorage.getItem(k)!.length, 0));
  console.log(`bytes written per keystroke: ${perKeystroke.toFixed(0)} (the single key rewrote about ${before})`);
  expect(perKeystroke).toBeLessThan(200);
});
