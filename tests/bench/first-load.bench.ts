// What a citizen on a cheap phone over slow 3G waits for: Chromium with the CPU slowed 4x and the
// network at 400 kbit/s with 400 ms round trips, a new browser context (an empty cache) each time. For the home page and a
// deep link to the booking calendar: first contentful paint, largest contentful paint, and the
// moment the first tap works (the app's own page is on screen: its handlers are attached, the
// start-up shell is gone), the moment what the citizen came for is on screen (the list of services,
// the calendar) and the header's height then. The median of 3 loads each, in target/bench/first-load-<label>.md/.json.
import { test } from '@playwright/test';
import { seedPort } from './playwright.config';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Each page with what its citizen came for: the home page's list of services, the calendar. */
const PAGES: [name: string, path: string, content: string][] = [
  ['home', '/', 'main .service-card'],
  ['booking calendar (deep link)', '/pesan/mpp-tomohon/dukcapil/ikd-aktivasi/hari', 'main .month__grid'],
];
const RUNS = 3;
const label = process.env.BENCH_LABEL ?? 'after';

type Sample = { fcp: number; lcp: number; interactive: number; content: number; header: number };

test.use({ baseURL: `http://127.0.0.1:${seedPort}`, serviceWorkers: 'block' });

test('first load on a slow phone network', async ({ browser }) => {
  const rows: string[] = [];
  const results: Record<string, Sample> = {};
  for (const [name, url, content] of PAGES) {
    const samples: Sample[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, baseURL: `http://127.0.0.1:${seedPort}`, serviceWorkers: 'block' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      // A new context is an empty cache; within the load the cache works as on a phone (the
      // start-up script's early request for the catalogue is what the app then reads).
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      await page.addInitScript((content) => {
        const w = window as unknown as { __lcp: number; __interactive: number; __content: number; __header: number };
        w.__lcp = 0;
        w.__interactive = 0;
        w.__content = 0;
        w.__header = 0;
        // When what the citizen came for is on screen, and how tall the header is then.
        const seen = () => {
          if ([...document.querySelectorAll(content)].some((e) => e.getClientRects().length > 0)) {
            w.__content = performance.now();
            w.__header = document.querySelector('header.site-header')?.getBoundingClientRect().height ?? 0;
          } else requestAnimationFrame(seen);
        };
        requestAnimationFrame(seen);
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__lcp = entry.startTime;
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        const check = () => {
          const ready =
            !document.getElementById('antrean-shell') &&
            !document.querySelector('#antrean-app[hidden]') &&
            [...document.querySelectorAll('main h1')].some((h) => h.getClientRects().length > 0);
          if (ready) w.__interactive = performance.now();
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }, content);
      await page.goto(url, { timeout: 120_000 });
      await page.waitForFunction(() => {
        const w = window as unknown as { __interactive: number; __content: number };
        return w.__interactive > 0 && w.__content > 0;
      }, null, { timeout: 120_000 });
      await page.waitForTimeout(500);
      samples.push(
        await page.evaluate(() => {
          const w = window as unknown as { __lcp: number; __interactive: number; __content: number; __header: number };
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
          return { fcp, lcp: w.__lcp, interactive: w.__interactive, content: w.__content, header: w.__header };
        }),
      );
      await context.close();
    }
    const median = (key: keyof Sample) => samples.map((s) => s[key]).sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    const result = {
      fcp: median('fcp'), lcp: median('lcp'), interactive: median('interactive'), content: median('content'), header: median('header'),
    };
    results[name] = result;
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    rows.push(`| ${name} | ${s(result.fcp)} | ${s(result.lcp)} | ${s(result.interactive)} | ${s(result.content)} | ${Math.round(result.header)} px |`);
  }
  const out = path.resolve(__dirname, '../../target/bench');
  mkdirSync(out, { recursive: true });
  const report = [
    `# First load on slow 3G (400 kbit/s, 400 ms RTT, CPU 4x slower), build "${label}"`,
    '',
    `Chromium ${browser.version()}, median of ${RUNS} loads with an empty cache, ${new Date().toISOString()}`,
    '',
    '| page | first contentful paint | largest contentful paint | first tap works | its content on screen | header height |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  writeFileSync(path.join(out, `first-load-${label}.md`), report);
  writeFileSync(path.join(out, `first-load-${label}.json`), JSON.stringify(results, null, 2));
  console.log(report);
});
