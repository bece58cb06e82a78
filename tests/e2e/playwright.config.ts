// End-to-end tests: Debian's Chromium (never a downloaded browser) driving the release build of the
// app, served by the real server (debug build) on loopback with a fresh SQLite database seeded from
// data/. Run through `make test` (or `make e2e` once dist/ and the server are built).
import { defineConfig, devices } from '@playwright/test';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const port = Number(process.env.E2E_PORT ?? 18080);
const database = path.join(root, 'target/e2e/antrean-e2e.sqlite3');
/** A second server with a generated directory whose MPPs have locations (the seed's have none),
 * and one-minute holds. */
export const generatedPort = port + 1;
const generated = path.join(root, 'target/e2e-generated');

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
};

export default defineConfig({
  testDir: '.',
  outputDir: path.join(root, 'target/e2e/results'),
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // The app's own offline behaviour is tested without the service worker in the way (requests a
    // worker makes bypass Playwright's routing); pwa.spec.ts turns it on.
    serviceWorkers: 'block',
    launchOptions: chromium,
  },
  projects: [
    { name: 'phone', use: { ...devices['Pixel 5'], launchOptions: chromium } },
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium } },
  ],
  webServer: [
    {
      command: `rm -rf target/e2e && mkdir -p target/e2e && exec target/debug/antrean-server`,
      cwd: root,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ANTREAN_LISTEN: `127.0.0.1:${port}`,
        ANTREAN_DATABASE_URL: `sqlite://${database}`,
        ANTREAN_DIST: path.join(root, 'dist'),
        ANTREAN_DATA: path.join(root, 'data'),
        ANTREAN_LOG: 'warn',
      },
    },
    {
      command: `rm -rf ${generated} && node tests/fixtures/large-directory.mjs ${generated}/data 60 && exec target/debug/antrean-server`,
      cwd: root,
      url: `http://127.0.0.1:${generatedPort}/api/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ANTREAN_LISTEN: `127.0.0.1:${generatedPort}`,
        ANTREAN_DATABASE_URL: `sqlite://${generated}/antrean.sqlite3`,
        ANTREAN_DIST: path.join(root, 'dist'),
        ANTREAN_DATA: `${generated}/data`,
        ANTREAN_LOG: 'warn',
        // Holds run out after a minute here, so a test can watch one expire.
        ANTREAN_HOLD_MINUTES: '1',
      },
    },
  ],
});
