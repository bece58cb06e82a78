// Browser benchmarks (not part of `make test`: they measure, they do not judge correctness). The
// real server (release profile) serves the release build of the app with a generated directory of
// 1,000 MPPs, and a second one with the seed data. Run with `make bench-app`; results go to
// target/bench/.
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const port = Number(process.env.BENCH_PORT ?? 18090);
const data = path.join(root, 'target/bench/large-directory');
/** The server with the seed data (first-load.bench.ts). */
export const seedPort = port + 1;

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts$/,
  outputDir: path.join(root, 'target/bench/results'),
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 300_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    },
  },
  webServer: [
    {
      command: `rm -f target/bench/large.sqlite3* && node tests/fixtures/large-directory.mjs ${data} 1000 && exec target/server/antrean-server`,
      cwd: root,
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      env: server(port, 'large.sqlite3', path.join(root, 'dist'), data),
    },
    {
      // The seed data, for the first-load benchmark; BENCH_DIST measures another build of the app
      // (the closing note's "before" is the build before the split).
      command: 'rm -f target/bench/seed.sqlite3* && exec target/server/antrean-server',
      cwd: root,
      url: `http://127.0.0.1:${seedPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      env: server(seedPort, 'seed.sqlite3', process.env.BENCH_DIST ?? path.join(root, 'dist'), path.join(root, 'data')),
    },
  ],
});

function server(listen: number, database: string, dist: string, seed: string) {
  return {
    ANTREAN_LISTEN: `127.0.0.1:${listen}`,
    ANTREAN_DATABASE_URL: `sqlite://${path.join(root, 'target/bench', database)}`,
    ANTREAN_DIST: dist,
    ANTREAN_DATA: seed,
    ANTREAN_LOG: 'warn',
  };
}
