// What the citizen sees, measured on the page rather than read from the DOM: the booking
// calendar's days under their weekdays at phone and desktop widths in both languages, form
// controls large enough to read and tap, no interactive element over another; and a screenshot
// of every page at 360 px in both languages (target/e2e/screens/) for a reviewer to look at.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { openDayWithFreeSlots, testNik } from './support';

/** Two calendars: Dukcapil's (weekends and holidays closed) and Imigrasi's (a month released at a
 * time: most days not released yet), after the child passport's questions are answered. */
const CALENDARS = ['/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari', '/pesan/mpp-tomohon/imigrasi/paspor-baru-anak/hari'];
const CHILD_PASSPORT =
  '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';
const SCREENS = path.resolve(__dirname, '../../target/e2e/screens');
const LANGUAGES = ['id', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

/** Opens a page of the app in a language, as a citizen who chose it before (on every load of
 * this page from now on, as pages.spec.ts does). */
async function open(page: Page, url: string, language: Language) {
  await page.addInitScript((lang) => {
    localStorage.setItem('antrean.prefs', JSON.stringify({ version: 1, state: { language: lang } }));
  }, language);
  await page.goto(url);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Every day cell of the shown month: its date, column, box, and its weekday column's box. */
async function calendarCells(page: Page) {
  return page.evaluate(() => {
    const heads = [...document.querySelectorAll('.month__grid thead th')].map((th) => th.getBoundingClientRect().toJSON());
    return [...document.querySelectorAll('.month__grid tbody tr')].flatMap((row, week) =>
      [...row.children].map((cell, column) => ({
        week,
        column,
        date: (cell as HTMLElement).dataset.date ?? null,
        box: cell.getBoundingClientRect().toJSON(),
        inner: cell.querySelector('.day__cell')?.getBoundingClientRect().toJSON() ?? null,
        head: heads[column],
        heads: heads.length,
      })),
    );
  });
}

/** Checks one month: 7 columns per week, each dated day under its own weekday's header. */
async function expectMonthInColumns(page: Page) {
  const cells = await calendarCells(page);
  expect(cells.length).toBeGreaterThanOrEqual(28);
  for (const cell of cells) {
    expect(cell.heads).toBe(7);
    expect(cell.column).toBeLessThan(7);
    // Horizontally inside its column's header, and its content inside the cell.
    expect(cell.box.x).toBeGreaterThanOrEqual(cell.head.x - 1);
    expect(cell.box.x + cell.box.width).toBeLessThanOrEqual(cell.head.x + cell.head.width + 1);
    if (cell.inner) {
      expect(cell.inner.x).toBeGreaterThanOrEqual(cell.box.x - 1);
      expect(cell.inner.x + cell.inner.width).toBeLessThanOrEqual(cell.box.x + cell.box.width + 1);
      expect(cell.inner.y).toBeGreaterThanOrEqual(cell.box.y - 1);
    }
    if (cell.date) {
      // Monday first: getUTCDay() is 0 on Sunday.
      const weekday = (new Date(`${cell.date}T00:00:00Z`).getUTCDay() + 6) % 7;
      expect(weekday, `${cell.date} in column ${cell.column}`).toBe(cell.column);
    }
  }
  // One row per week, each below the one before.
  const rows = new Map<number, number>();
  for (const cell of cells) {
    const top = rows.get(cell.week);
    if (top === undefined) rows.set(cell.week, cell.box.y);
    else expect(Math.abs(cell.box.y - top)).toBeLessThanOrEqual(1);
  }
  const tops = [...rows.values()];
  tops.slice(1).forEach((top, index) => expect(top).toBeGreaterThan(tops[index]));
}

/** No two visible interactive elements overlap (each line box of a wrapped link counts). */
async function expectNoOverlaps(page: Page) {
  const overlaps = await page.evaluate(() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
    const elements = [...document.querySelectorAll(selector)].filter((element) => {
      const style = getComputedStyle(element);
      return style.visibility !== 'hidden' && element.getClientRects().length > 0 && !element.closest('[hidden], .visually-hidden, .skip-link');
    });
    const boxes = elements.flatMap((element, index) => [...element.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((rect) => ({ index, rect })));
    const found: string[] = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const [a, b] = [boxes[i], boxes[j]];
        if (a.index === b.index || elements[a.index].contains(elements[b.index]) || elements[b.index].contains(elements[a.index])) continue;
        const width = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
        const height = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
        if (width > 1 && height > 1) found.push(`${elements[a.index].outerHTML.slice(0, 80)} ⟷ ${elements[b.index].outerHTML.slice(0, 80)}`);
      }
    }
    return found;
  });
  expect(overlaps).toEqual([]);
}

/** Form controls a citizen types in: text of 16 px or more (no zoom on focus) and 44 px tall. */
async function expectReadableControls(page: Page) {
  const controls = await page.evaluate(() =>
    [...document.querySelectorAll('main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main textarea')].map((element) => ({
      id: element.id || element.outerHTML.slice(0, 60),
      font: parseFloat(getComputedStyle(element).fontSize),
      height: element.getBoundingClientRect().height,
      width: element.getBoundingClientRect().width,
    })),
  );
  for (const control of controls) {
    expect(control.font, `${control.id} text size`).toBeGreaterThanOrEqual(16);
    expect(control.height, `${control.id} height`).toBeGreaterThanOrEqual(44);
  }
  return controls;
}

async function screenshot(page: Page, name: string, language: Language) {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS, `${name}-${language}.png`), fullPage: true });
}

/** Runs only once (on the phone project): the widths are set here, not by the project. */
const once = (testInfo: TestInfo) => test.skip(testInfo.project.name !== 'phone', 'widths set by the test');

for (const language of LANGUAGES) {
  for (const width of [320, 360, 1280]) {
    test(`calendar at ${width} px (${language}): every day under its weekday, in every month it shows`, async ({ page }, testInfo) => {
      once(testInfo);
      await page.setViewportSize({ width, height: 800 });
      await open(page, CHILD_PASSPORT, language);
      await expect(page.locator('.checklist')).toBeVisible();
      for (const calendar of CALENDARS) {
        await page.goto(calendar);
        await expect(page.locator('.month__grid')).toBeVisible();
        // Back to the first month the calendar can show, then through every month of its horizon.
        const [previous, next] = [page.locator('.month__nav .button').nth(0), page.locator('.month__nav .button').nth(1)];
        while (await previous.isEnabled()) await previous.click();
        for (let month = 0; month < 4; month += 1) {
          await expect(page.locator('.month__grid tbody td').first()).toBeVisible();
          // No day of a month the citizen can open is a bare number without a reason.
          await expect(page.locator('.month__grid td.day--outside[data-date]')).toHaveCount(0);
          await expectMonthInColumns(page);
          await expectNoOverlaps(page);
          if (await next.isDisabled()) break;
          await next.click();
        }
      }
    });
  }

  test(`a closed day says why when tapped (${language})`, async ({ page }, testInfo) => {
    once(testInfo);
    await page.setViewportSize({ width: 360, height: 740 });
    await open(page, CALENDARS[0], language);
    const closed = page.locator('td.day--closed button').first();
    await closed.click();
    const name = (await closed.getAttribute('aria-label'))!;
    await expect(page.locator('.day-reason')).toHaveText(name);
    await expect(closed).toHaveClass(/day__cell--chosen/);
    await expect(closed).toBeFocused();
  });
}

/** Walks the app as a citizen at 360 px in one language, checking and photographing each page. */
async function walk(page: Page, language: Language, nik: string) {
  const look = async (name: string) => {
    await expect(page.locator('main h1').first()).toBeVisible();
    await expect(page.locator('main [role=status].status')).toHaveCount(0);
    await expectNoOverlaps(page);
    const controls = await expectReadableControls(page);
    await screenshot(page, name, language);
    return controls;
  };
  await open(page, '/', language);
  await expect(page.locator('.service-card').first()).toBeVisible();
  // A compact header (two rows in either language), and the search box on the first screen.
  const header = await page.locator('header.site-header').boundingBox();
  expect(header!.height).toBeLessThanOrEqual(110);
  const search = await page.locator('#service-search').boundingBox();
  expect(search!.y + search!.height).toBeLessThanOrEqual(740);
  await look('home');
  await page.goto('/layanan/paspor-baru-dewasa');
  await look('service');
  await page.goto('/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak');
  await look('checklist');
  await page.goto('/mpp');
  await expect(page.locator('li.mpp-card').first()).toBeVisible();
  await look('directory');
  await page.goto('/mpp/mpp-tomohon');
  await look('mpp');
  await page.goto('/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari');
  await expect(page.locator('.month__grid')).toBeVisible();
  await look('booking-day');
  await openDayWithFreeSlots(page, 1);
  await look('booking-time');
  await page.locator('button.slot:enabled').first().click();
  await expect(page).toHaveURL(/\/data$/);
  const controls = await look('booking-applicant');
  expect(controls.length).toBeGreaterThanOrEqual(4);
  await page.locator('#applicant-name').fill('Maria Walanda');
  await page.locator('#applicant-nik').fill(nik);
  await page.locator('#applicant-mobile').fill('0812 3456 7890');
  await page.locator('main button[type=submit]').click();
  await expect(page).toHaveURL(/\/periksa$/);
  await look('booking-check');
  await page.locator('main button.button--primary').first().click();
  await expect(page).toHaveURL(/\/tiket\//);
  await expect(page.locator('#booking-code')).toBeVisible();
  await look('ticket');
  await page.goto('/tiket');
  await look('tickets');
  await page.goto('/halaman-yang-tidak-ada');
  await look('not-found');
}

for (const [index, language] of LANGUAGES.entries()) {
  test(`every page at 360 px (${language}): readable controls, nothing on top of anything, a screenshot`, async ({ page }, testInfo) => {
    once(testInfo);
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 360, height: 740 });
    await walk(page, language, testNik(testInfo, 900, index));
  });
}
