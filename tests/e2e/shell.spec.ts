// The first screen's shell: painted by the start-up script before the wasm arrives, the same
// markup the app then renders, removed when the app mounts (no duplicate, no jump).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const CHECKLIST =
  '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak';

/** The outer HTML of the header and of the page's heading and first paragraph, without Leptos's markers. */
async function firstScreen(page: Page, paragraph: string) {
  return page.evaluate((selector) => {
    const clean = (element: Element | null) => (element?.outerHTML ?? '').replace(/<!---->/g, '');
    const header = document.querySelector('header.site-header');
    return {
      brand: clean(header?.querySelector('.site-header__brand') ?? null),
      nav: clean(header?.querySelector('nav') ?? null),
      language: header?.querySelector('.language-switch')?.textContent,
      heading: clean(document.querySelector('main h1')),
      paragraph: clean(document.querySelector(selector)),
      box: document.querySelector(selector)?.getBoundingClientRect().toJSON(),
    };
  }, paragraph);
}

for (const [name, path, paragraph] of [
  ['home', '/', 'main p.lead'],
  ['directory', '/mpp', 'main p.lead'],
  ['checklist', CHECKLIST, 'main p.checklist__intro'],
] as const) {
  test(`the ${name} page's shell is what the app renders, and gives way to it`, async ({ browser }) => {
    const before = await browser.newPage();
    // Held, never answered: the shell stays as it is (a failed download would add its notice).
    await before.route('**/*_bg.wasm', () => {});
    await before.goto(path);
    await expect(before.locator('#antrean-shell main h1')).toBeVisible();
    const shell = await firstScreen(before, paragraph);
    await before.close();

    const page = await browser.newPage();
    await page.goto(path);
    await expect(page.locator('#antrean-shell')).toHaveCount(0);
    await expect(page.locator(paragraph)).toBeVisible();
    await expect(page.locator('main')).toHaveCount(1);
    // The same markup, and the paragraph (the largest text of the first screen) in the same place.
    expect(await firstScreen(page, paragraph)).toEqual(shell);
    await page.close();
  });
}

test('other pages: the header and a loading line until the page has rendered', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.abort());
  await page.goto('/tiket');
  await expect(page.locator('#antrean-shell header.site-header')).toBeVisible();
  await expect(page.locator('#antrean-shell main [role=status]')).toHaveText('Memuat…');
});

test('the shell speaks the language the app will start in, and its switch works before the app has come', async ({ page }) => {
  const en = JSON.parse(readFileSync('locales/en.json', 'utf8'));
  const id = JSON.parse(readFileSync('locales/id.json', 'utf8'));
  let arrive = () => {};
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  await page.route('**/*_bg.wasm', async (route) => {
    await arrived;
    await route.continue();
  });
  await page.goto('/');
  const shell = page.locator('#antrean-shell');
  await expect(shell.locator('main h1')).toHaveText(id.home_title);
  await expect(shell.locator('main [role=status]')).toHaveText(id.loading);
  await shell.getByRole('button', { name: 'English' }).click();
  await expect(shell.locator('main h1')).toHaveText(en.home_title);
  await expect(shell.locator('main [role=status]')).toHaveText(en.loading);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(shell.getByRole('button', { name: 'Bahasa Indonesia' })).toBeFocused();
  arrive();
  await expect(shell).toHaveCount(0);
  await expect(page.locator('main h1')).toHaveText(en.home_title);
  await expect(page.getByRole('button', { name: 'Bahasa Indonesia' })).toBeVisible();
  // The next visit starts in English, shell first.
  await page.reload();
  await expect(page.locator('main h1')).toHaveText(en.home_title);
});

test('no shell in kiosk mode: the app renders it itself', async ({ page }) => {
  await page.route('**/*_bg.wasm', (route) => route.abort());
  await page.goto('/?mode=kiosk');
  await page.waitForLoadState('load');
  await expect(page.locator('#antrean-shell')).toHaveCount(0);
});
