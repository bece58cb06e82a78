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
/** A third server as a portal's deploy: under /layanan/antrean/, with a config.json that allows
 * the portal at 127.0.0.2 to embed it and receive its messages; portal pages on 127.0.0.2
 * (allowed), 127.0.0.3 (may frame, not allowed) and 127.0.0.4 (may not frame). */
export const deployPort = port + 2;
export const portalPort = port + 3;
export const deployBase = `http://127.0.0.1:${deployPort}/layanan/antrean/`;
/** A server that draw.spec.ts starts and restarts itself (a counter in draw mode, a moved clock). */
export const drawPort = port + 5;
/** The portal page that frames the draw server (tests/fixtures/portal.mjs, started by draw.spec.ts). */
export const drawPortalPort = port + 6;
const deployDir = path.join(root, 'target/e2e-deploy');
export const deployConfig = {
  allowed_origins: [`http://127.0.0.2:${portalPort}`],
  default_province: '71',
  languages: ['id', 'en'],
  theme: { primary: '#1f4e8c', radius: '4px' },
  region: { name: 'Kota Contoh' },
};

/** How every project launches Chromium (embed-visit.spec.ts adds to its arguments). */
export const chromium = {
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
    {
      command: `rm -rf ${deployDir} && mkdir -p ${deployDir} && echo '${JSON.stringify(deployConfig)}' > ${deployDir}/config.json && exec target/debug/antrean-server`,
      cwd: root,
      url: `${deployBase}api/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        ANTREAN_LISTEN: `127.0.0.1:${deployPort}`,
        ANTREAN_DATABASE_URL: `sqlite://${deployDir}/antrean.sqlite3`,
        ANTREAN_DIST: path.join(root, 'dist'),
        ANTREAN_DATA: path.join(root, 'data'),
        ANTREAN_BASE_PATH: '/layanan/antrean/',
        ANTREAN_APP_CONFIG: `${deployDir}/config.json`,
        // 127.0.0.3 may frame the app but is not an allowed origin: it must receive no message.
        ANTREAN_FRAME_ANCESTORS: `http://127.0.0.3:${portalPort}`,
        ANTREAN_LOG: 'warn',
      },
    },
    {
      command: `node tests/fixtures/portal.mjs ${deployBase} 127.0.0.2:${portalPort} 127.0.0.3:${portalPort} 127.0.0.4:${portalPort}`,
      cwd: root,
      url: `http://127.0.0.2:${portalPort}/`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
