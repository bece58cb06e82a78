// The requirement checker as a citizen uses it: search, one question per screen, the personal
// checklist, English, reload mid-questionnaire, and offline after the first visit.
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations, failOnPageErrors } from './support';

async function answer(page: Page, label: string) {
  await page.getByLabel(label, { exact: true }).check();
  await page.getByRole('button', { name: 'Lanjut' }).click();
}

test('searching "paspor hilang" finds the lost passport service', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Apa yang perlu dibawa?' })).toBeVisible();
  await page.getByLabel('Cari layanan').fill('paspor hilang');
  await expect(page.getByRole('link', { name: 'Ganti paspor hilang' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'KTP-el baru' })).toHaveCount(0);
  await page.getByLabel('Cari layanan').fill('lost passport');
  await expect(page.getByRole('link', { name: 'Ganti paspor hilang' })).toBeVisible();
  // Everyday verbs and synonyms (data/catalogue/search.toml).
  await page.getByLabel('Cari layanan').fill('bikin paspor anak');
  await expect(page.getByRole('link', { name: 'Paspor anak (di bawah 17 tahun)' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Kartu Identitas Anak (KIA)' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test('the checklist opened on a device without the answers leads to the questions', async ({ page }) => {
  const errors = failOnPageErrors(page);
  // Before, the page kept the start-up shell ("Memuat…") for ever: what it rendered had no heading.
  await page.goto('/layanan/paspor-baru-anak/daftar');
  await expect(page.getByRole('heading', { level: 1, name: 'Jawab dulu pertanyaan layanan ini' })).toBeVisible();
  await expect(page.locator('#antrean-shell')).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'Paspor anak (di bawah 17 tahun)' }).click();
  await expect(page).toHaveURL(/\/layanan\/paspor-baru-anak\/pertanyaan\/1$/);
  expect(errors).toEqual([]);
});

test('a child passport with divorced parents lists the custody documents', async ({ page }) => {
  const errors = failOnPageErrors(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Paspor anak (di bawah 17 tahun)' }).click();
  await expect(page).toHaveURL(/\/layanan\/paspor-baru-anak\/pertanyaan\/1$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expectNoAxeViolations(page);
  await answer(page, 'E-paspor (elektronik)');
  await answer(page, 'Bercerai');
  await answer(page, 'Ada, hak asuh pada salah satu orang tua');
  await answer(page, 'Tidak'); // no previous passport
  await answer(page, 'Tidak'); // no express service
  await expect(page).toHaveURL(/\/layanan\/paspor-baru-anak\/daftar$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Daftar yang perlu dibawa' })).toBeVisible();
  for (const item of ['Akta perceraian atau putusan cerai pengadilan', 'Putusan pengadilan tentang hak asuh anak', 'Surat pernyataan orang tua pemegang hak asuh']) {
    await expect(page.getByText(item)).toBeVisible();
  }
  await expect(page.getByText('Surat pernyataan kedua orang tua')).toHaveCount(0);
  await expect(page.getByText('Rp650.000').first()).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'What to bring' })).toBeVisible();
  await expect(page.getByText('Rp650,000').first()).toBeVisible();
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
});

test('a missing answer is explained and a reload keeps the step and the answers', async ({ page }) => {
  await page.goto('/layanan/paspor-baru-dewasa');
  await expect(page).toHaveURL(/pertanyaan\/1$/);
  await page.getByRole('button', { name: 'Lanjut' }).click();
  await expect(page.getByRole('alert')).toContainText('Pilih salah satu jawaban');
  await expectNoAxeViolations(page);
  await answer(page, 'E-paspor (elektronik)');
  await answer(page, '10 tahun');
  await expect(page).toHaveURL(/pertanyaan\/3$/);
  await page.reload();
  await expect(page).toHaveURL(/pertanyaan\/3$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('hari yang sama');
  await page.getByRole('link', { name: 'Kembali' }).click();
  await expect(page.getByLabel('10 tahun', { exact: true })).toBeChecked();
});

test('Dukcapil checklists say Gratis with the law, and the catalogue works without the network', async ({ page }) => {
  await page.goto('/layanan/ktp-baru');
  await answer(page, 'Sudah berusia 17 tahun');
  await expect(page.getByText('Gratis', { exact: true })).toBeVisible();
  await expect(page.getByText('Gratis · Gratis')).toHaveCount(0);
  // A thing to bring has its "Sudah punya" tick; biometric recording at the counter has none.
  await expect(page.locator('li[data-item="kk"] input[type=checkbox]')).toHaveCount(1);
  await expect(page.locator('li[data-item="perekaman"] input[type=checkbox]')).toHaveCount(0);
  await expect(page.locator('li[data-item="perekaman"]')).toContainText('Dilakukan di loket; tidak perlu dibawa');
  await expect(page.getByText('UU 24/2013 Pasal 79A')).toBeVisible();
  // The API is now unreachable (the app shell itself still loads: offline shell is the PWA issue).
  await page.route('**/api/v1/catalogue', (route) => route.abort('internetdisconnected'));
  await page.goto('/layanan/kia');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('umur');
  await expect(page.getByText(/Tidak tersambung ke internet/)).toBeVisible();
});
