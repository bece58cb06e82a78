// Browser benchmarks (not part of `make test`: they measure, they do not judge correctness). The
// real server (release profile) serves the release build of the app with a generated directory of
// 1,000 MPPs. Run with `make bench-app`; results go to target/bench/.
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const port = Number(process.env.BENCH_PORT ?? 18090);
const data = path.join(root, 'target/bench/large-directory');

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  outputDir: path.join(root, 'target/bench/results'),
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 120_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    },
  },
  webServer: {
    command: `rm -f target/bench/large.sqlite3* && node tests/fixtures/large-directory.mjs ${data} 1000 && exec target/server/antrean-server`,
    cwd: root,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    env: {
      ANTREAN_LISTEN: `127.0.0.1:${port}`,
      ANTREAN_DATABASE_URL: `sqlite://${path.join(root, 'target/bench/large.sqlite3')}`,
      ANTREAN_DIST: path.join(root, 'dist'),
      ANTREAN_DATA: data,
      ANTREAN_LOG: 'warn',
    },
  },
});
