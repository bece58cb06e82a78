// Every page, in both languages: zero axe-core violations, and nothing wider than the screen at
// 320 CSS pixels (a small phone, or 400 % zoom on a desktop) and 640 (200 % zoom).
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, failOnPageErrors } from './support';

const PAGES: [string, string, RegExp][] = [
  ['home', '/', /Apa yang perlu dibawa\?|What do I need to bring\?/],
  ['question', '/layanan/paspor-baru-anak/pertanyaan/1', /.+/],
  [
    'checklist',
    '/layanan/paspor-baru-anak/daftar?jenis=elektronik&orang-tua=menikah&keduanya-hadir=ya&paspor-lama=tidak&percepatan=tidak',
    /Daftar yang perlu dibawa|What to bring/,
  ],
  ['directory', '/mpp', /Mal Pelayanan Publik|Public service malls/],
  ['mpp', '/mpp/mpp-tomohon', /MPP Kota Tomohon/],
  ['booking day', '/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari', /Pilih hari|Choose a day/],
  ['booking questions first', '/pesan/mpp-tomohon/imigrasi/paspor-baru-anak/hari', /Jawab dulu|First answer/],
  ['tickets', '/tiket', /Tiket saya|My tickets/],
  ['not found', '/tidak/ada', /Halaman tidak ditemukan|Page not found/],
];

for (const language of ['id', 'en']) {
  test.describe(`in ${language === 'id' ? 'Bahasa Indonesia' : 'English'}`, () => {
    test.use({ viewport: { width: 320, height: 640 } });
    test.beforeEach(async ({ page }) => {
      await page.addInitScript((language) => {
        localStorage.setItem('antrean.prefs', JSON.stringify({ version: 1, state: { language } }));
      }, language);
    });

    for (const [name, path, heading] of PAGES) {
      test(`${name}: no axe violations, no horizontal scrolling at 320 and 640 px`, async ({ page }) => {
        const errors = failOnPageErrors(page);
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        await expect(page.getByRole('status').filter({ hasText: /Memuat|Loading/ })).toHaveCount(0);
        await expectNoAxeViolations(page);
        for (const width of [320, 640]) {
          await page.setViewportSize({ width, height: 640 });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow, `page wider than ${width} px`).toBeLessThanOrEqual(0);
        }
        expect(errors).toEqual([]);
      });
    }
  });
}
