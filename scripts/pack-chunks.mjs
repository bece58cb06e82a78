// Trunk's post_build hook: turns wasm-split's output (scripts/split/wasm-bindgen) into what the
// browser fetches after the main module.
//
// wasm-split writes one module per lazy route and one chunk per set of routes that share code:
// about 120 files, so a deep link to the last booking step would wait for 60 requests, each a
// round trip on 3G. Here every file is optimised with wasm-opt (release builds; without the flags
// that assume a fresh, zeroed memory: chunks write into the main module's memory), then packed in
// three tiers (see SHARED_BY below): a common pack, packs of larger groups a few pages share, and
// each page's own pack, so that a page needs a few requests at most (never more than MAX_PACKS,
// one round of the browser's parallel connections). A page is a route with its parent: a booking
// step needs the booking's own module too. Each pack is one request,
// compresses as a whole, and carries a content hash in its name; so do the loader and the main
// module's glue (one hash over both, as they import each other), so a running app never pairs a
// new main module with an old chunk or the reverse (a stale one is a 404, never a mismatch).
//
// Writes into Trunk's staging folder: `pack-<common|pages>-<hash>.bin`, `split-<hash>.js`, and the
// glue rewritten to import it, renamed `antrean-<hash>.js` (index.html follows). Writes
// target/web/split-manifest.json for scripts/size.sh.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

/** The parent route of each nested route: a deep link to a booking step renders both. */
const PARENT = { day: 'booking', time: 'booking', applicant: 'booking', check: 'booking', draw: 'booking' };
/** At most this many packs for any page: six is what a browser fetches at once from one host. */
const MAX_PACKS = 6;
/** A module needed by this many citizens' pages or more is in the common pack. */
const SHARED_BY = 4;
/** Pages of the MPP hall's own devices (the kiosk's check-in, the counter's screen, the hall
 * display; the desk screen behind the staff sign-in and its offline proof check): they do not
 * count towards the common pack, so what only they share never grows what every citizen's phone
 * fetches. They fetch the common pack too, and their own packs. */
const HALL_PAGES = ['check_in', 'staff', 'desk', 'verify_proof', 'hall'];
/** Lazy functions inside a citizen's page (the proof page's live queue and its calendar file, the
 * draw's form, entry card and a kiosk's QR code of the entry, Tiket saya's list of draws): fetched when that page needs them, so
 * they do not count as pages towards the common pack either: what a page and its own lazy part
 * share is that page's, not something every page's common pack should carry. */
const IN_PAGE_PARTS = ['live_queue', 'calendar_file', 'entry_form', 'entry_card', 'draw_entries', 'entry_qr'];
/** Pages a citizen opens rarely (a scarce counter's draw, around its release): like the hall's
 * pages, they neither grow the common pack nor join a phone's idle prefetch (nor do their lazy
 * parts). */
const OCCASIONAL_PAGES = ['draw', 'entry_form', 'entry_card', 'draw_entries', 'entry_qr'];
/** A group of modules that the same few pages share has a pack of its own from this size (raw
 * bytes) up; a smaller one is copied into each of those pages' own packs. (Measured with the draw's
 * pages in: 8,000 gave the booking's check page 100.8 KB in 4 packs, 16,000 gives 99.6 KB in 3:
 * a small pack of its own compresses worse than the same modules inside a page's pack.) */
const OWN_PACK_MIN = 16000;
/** wasm-opt for the chunks: the main module's flags (index.html) less --zero-filled-memory and
 * --low-memory-unused, which hold only for a module that owns a fresh memory. */
const WASM_OPT = [
  '-Os', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
];

const fail = (message) => {
  console.error(`pack-chunks: ${message}`);
  process.exit(1);
};
const staging = process.env.TRUNK_STAGING_DIR ?? fail('TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
const release = process.env.TRUNK_PROFILE === 'release';
const splitDir = join('target', 'wasm-bindgen', release ? 'release' : 'debug', 'split');
const loaderPath = join(splitDir, '__wasm_split.js');
if (!existsSync(loaderPath)) fail(`${loaderPath} is missing: was scripts/split first on Trunk's PATH?`);
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

// 1. What wasm-split wrote: each loader, its file, the loaders it needs, and who needs it.
let loader = readFileSync(loaderPath, 'utf8');
const definition =
  /(?:\/\* ([^*]*) \*\/\n)?(?:export )?const (\w+) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\n\s*const src = fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\)\);[\s\S]*?\n, \[([^\]]*)\]\)/g;
const modules = new Map();
for (const [, users, name, file, deps] of loader.matchAll(definition)) {
  // A route's split is `<route>_route_view_<n>`; a lazy function's is `<name>_<hash>`.
  const routeOf = (split) => split.trim().replace(/^__/, '').replace(/_route_view_\d+$/, '').replace(/_\d{8,}$/, '');
  const routes = users ? users.split(',').map(routeOf) : [routeOf(name.replace(/^__wasm_split_load_/, ''))];
  modules.set(name, { file, routes, deps: deps.split(',').map((d) => d.trim()).filter(Boolean) });
}
const wasmFiles = readdirSync(splitDir).filter((f) => f.endsWith('.wasm'));
if (modules.size === 0 || modules.size !== wasmFiles.length) {
  fail(`read ${modules.size} loaders in ${loaderPath} for ${wasmFiles.length} wasm files: has wasm-split's output changed?`);
}

/** Every module a module needs, itself included. */
const needs = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  for (const dep of modules.get(name)?.deps ?? []) needs(dep, seen);
  return seen;
};

// 2. Optimised, then packed.
for (const [name, module] of modules) {
  const path = join(splitDir, module.file);
  if (release) {
    // (wasm-opt warns about the name section's newer subsections; the names are dropped anyway.)
    const opt = spawnSync('wasm-opt', [...WASM_OPT, path, '-o', path], { encoding: 'utf8' });
    if (opt.status !== 0) fail(`wasm-opt ${module.file}: ${opt.stderr}`);
  }
  module.bytes = readFileSync(path);
}
// Each page needs its route's module and its parent's, with everything they import.
const loaderOf = new Map([...modules].filter(([name]) => name.startsWith('__wasm_split_load_')).map(([name, m]) => [m.routes[0], name]));
const pages = [...loaderOf.keys()].sort();
const need = new Map(
  pages.map((page) => {
    const needed = needs(loaderOf.get(page));
    if (PARENT[page]) needs(loaderOf.get(PARENT[page]) ?? fail(`no route ${PARENT[page]}`), needed);
    return [page, needed];
  }),
);
const usersOf = (name) => pages.filter((page) => need.get(page).has(name));
// Three tiers (measured on this app: the largest page 89 KB brotli and 240 KB for every pack,
// where packing each module once came to 111 KB and 218 KB): a module that many pages share is in
// the common pack; a larger group shared by a few pages has a pack of its own; the rest of what a
// page needs is in the page's own pack, copied into each page that needs it. Fewer, larger packs
// compress better (brotli finds the repetitions across modules) and a page waits for at most a
// few requests, at the price of some bytes twice among the packs a prefetch fetches.
const packs = new Map([['common', []]]);
/** The pages each pack is for. */
const packPages = new Map([['common', pages]]);
/** Groups of modules by the pages that share them: key → { users, names }. (Page names have
 * underscores themselves, so the users are kept, never parsed back from the key.) */
const sharedGroups = new Map();
for (const name of modules.keys()) {
  const users = usersOf(name);
  if (users.length === 0) fail(`no page needs ${name}`);
  const citizens = users.filter((page) => ![...HALL_PAGES, ...IN_PAGE_PARTS, ...OCCASIONAL_PAGES].includes(page));
  if (citizens.length >= SHARED_BY) packs.get('common').push(name);
  else {
    // Grouped by the regular pages that share it: an occasional page's use neither cuts a group
    // of theirs in two nor adds a pack to what they fetch (the occasional page carries a copy).
    const regular = users.filter((page) => !OCCASIONAL_PAGES.includes(page));
    const sharers = regular.length > 0 ? regular : users;
    if (sharers.length > 1) {
      const key = sharers.join('_');
      const group = sharedGroups.get(key) ?? { users: sharers, names: [] };
      group.names.push(name);
      sharedGroups.set(key, group);
    }
  }
}
const rawSize = (names) => names.reduce((sum, name) => sum + modules.get(name).bytes.length, 0);
for (const [key, { users, names }] of sharedGroups) {
  if (rawSize(names) >= OWN_PACK_MIN) {
    packs.set(key, names);
    packPages.set(key, users);
  }
}
// An occasional page fetches no pack of the regular pages' (not even the whole common pack): its
// own pack carries copies of the modules it needs from them (read from those packs instead when
// they are fetched already). Packs of occasional pages only, it fetches as they are.
const regularPacks = [...packPages].filter(([, users]) => users.some((page) => !OCCASIONAL_PAGES.includes(page)));
const inRegularPack = new Set(regularPacks.flatMap(([key]) => packs.get(key)));
packPages.set('common', pages.filter((page) => !OCCASIONAL_PAGES.includes(page)));
const packed = new Set([...packs.values()].flat());
for (const page of pages) {
  const copied = (name) => OCCASIONAL_PAGES.includes(page) && inRegularPack.has(name);
  const own = [...need.get(page)].filter((name) => !packed.has(name) || copied(name));
  if (own.length > 0) {
    if (packs.has(page)) fail(`a group of shared modules is named ${page}, as that page's own pack`);
    packs.set(page, own);
    packPages.set(page, [page]);
  }
}
/** Each pack's file and where each module lies in it; a module copied into several packs is read
 * from whichever the page being opened fetches (js/chunk-packs.js). */
const packFiles = new Map();
// Largest modules first (ties by name, so a pack's bytes and hash follow from its modules alone):
// brotli then compresses the smaller ones against what it has already seen. Measured against
// name order on the same build: no page heavier, most 0.5–0.7 KB lighter (day 100.0 → 99.5 KB,
// check 99.6 → 98.9, ticket 99.8 → 99.1), all packs together 687.8 → 685.1 KB.
for (const [key, names] of packs) {
  const size = (name) => modules.get(name).bytes.length;
  names.sort((a, b) => size(b) - size(a) || (a < b ? -1 : a > b ? 1 : 0));
  let offset = 0;
  for (const name of names) {
    const module = modules.get(name);
    module.places = [...(module.places ?? []), { key, offset, length: module.bytes.length }];
    offset += module.bytes.length;
  }
  const bytes = Buffer.concat(names.map((name) => modules.get(name).bytes));
  const file = `pack-${key}-${hash(bytes)}.bin`;
  writeFileSync(join(staging, file), bytes);
  packFiles.set(key, file);
}
const packsOf = (page) => [...packPages].filter(([, users]) => users.includes(page)).map(([key]) => packFiles.get(key));
for (const page of pages) if (packsOf(page).length > MAX_PACKS) fail(`page ${page} needs more than ${MAX_PACKS} packs`);

// 3. The loader reads each module out of its pack. Packs are named by their index in one list
// (a module copied into several packs lists each: names would weigh on every first load).
const packList = [...packFiles.values()];
const packIndex = new Map([...packFiles.keys()].map((key, index) => [key, index]));
let replaced = 0;
loader = loader.replace(/fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\)\)/g, (_, file) => {
  const module = [...modules.values()].find((m) => m.file === file);
  replaced += 1;
  return `__antrean_part(${JSON.stringify(module.places.map(({ key, offset, length }) => [packIndex.get(key), offset, length]))})`;
});
// A route's loader says which page is being opened (its packs) before it asks for its modules.
const opening = [];
loader = loader.replace(/export const (__wasm_split_load_\w+) = /g, (_, name) => {
  const page = modules.get(name)?.routes[0] ?? fail(`no module ${name}`);
  const indices = [...packPages].filter(([, users]) => users.includes(page)).map(([key]) => packIndex.get(key));
  opening.push(`export const ${name} = __antrean_opening(${JSON.stringify(indices)}, ${name}__inner);`);
  return `const ${name}__inner = `;
});
if (opening.length !== pages.length) fail(`found ${opening.length} route loaders for ${pages.length} pages`);
loader = `${loader}\n${opening.join('\n')}\n`;
loader = loader.replaceAll('WebAssembly.instantiateStreaming(src, imports)', 'WebAssembly.instantiate(await src, imports)');
if (replaced !== modules.size || loader.includes('instantiateStreaming')) fail('could not rewrite every fetch of the loader');
const glue = readdirSync(staging).find((f) => /^antrean-[0-9a-f]+\.js$/.test(f)) ?? fail('no antrean-<hash>.js in the staging folder');
const mainImport = loader.match(/import \{ initSync \} from "\.\/([\w.-]+\.js)";/) ?? fail("the loader's import of the main module moved");
loader = loader.replace(mainImport[0], 'import { initSync } from "./__ANTREAN_GLUE__";');
// Prefetched in the order a citizen usually goes; every pack is in the list.
const PREFETCH = ['service', 'directory', 'mpp', 'booking', 'day', 'time', 'applicant', 'check', 'tickets', 'ticket'];
// Then every other pack a citizen's page needs; never the packs only the hall's devices (or the
// occasional pages) use.
const citizenPacks = [...packPages]
  .filter(([, users]) => users.some((page) => !HALL_PAGES.includes(page) && !OCCASIONAL_PAGES.includes(page)))
  .map(([key]) => packFiles.get(key));
const order = [...new Set([...PREFETCH.filter((route) => loaderOf.has(route)).flatMap(packsOf), ...citizenPacks])];
const prelude = readFileSync('js/chunk-packs.js', 'utf8')
  .replace('__PACK_FILES__', JSON.stringify(packList))
  .replace('__PREFETCH__', JSON.stringify(order.map((file) => packList.indexOf(file))));
if (!prelude.includes(JSON.stringify(packList))) fail('js/chunk-packs.js has no __PACK_FILES__');
if (order.some((file) => !packList.includes(file)) || prelude.includes('__PREFETCH__')) fail('js/chunk-packs.js has no __PREFETCH__');
loader = `${prelude}\n${loader}`;
if (release) loader = (await minify(loader, { module: true, compress: true, mangle: true })).code;
if (!loader.includes('"./__ANTREAN_GLUE__"')) fail("the minifier changed the loader's import of the main module");

// 4. The glue and the loader import each other, so one hash over both names both: a change to
// either (a new loader with the same Rust code, say) renames both, and a cached glue can never
// ask for a loader that this deploy does not have.
const gluePath = join(staging, glue);
const glueText = readFileSync(gluePath, 'utf8');
// Only the import statements: the import object's key stays the module name the wasm imports.
const importOfLoader = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
if (!importOfLoader.test(glueText)) fail(`${glue} does not import ./__wasm_split.js`);
const glueTemplate = glueText.replace(importOfLoader, '$1"./__ANTREAN_LOADER__"');
const both = hash(`${glueTemplate}\0${loader}`);
const [glueFile, loaderFile] = [`antrean-${both}.js`, `split-${both}.js`];
writeFileSync(join(staging, loaderFile), loader.replace('"./__ANTREAN_GLUE__"', `"./${glueFile}"`));
writeFileSync(join(staging, glueFile), glueTemplate.replaceAll('"./__ANTREAN_LOADER__"', `"./${loaderFile}"`));
if (glueFile !== glue) unlinkSync(gluePath);

// 5. What each route needs beyond the first load, for scripts/size.sh.
const routes = {};
for (const page of pages) routes[page] = packsOf(page).sort();
// The start-up script asks for a deep link's packs beside the main module (js/boot.js).
const indexPath = join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8').replaceAll(glue, glueFile);
if (!index.includes(glueFile)) fail(`index.html does not load ${glue}`);
if (!index.includes('__ROUTE_PACKS__')) fail('index.html has no __ROUTE_PACKS__ (js/boot.js asks for a deep link\'s packs)');
writeFileSync(indexPath, index.replaceAll('__ROUTE_PACKS__', JSON.stringify(routes)));
mkdirSync(join('target', 'web'), { recursive: true });
writeFileSync(join('target', 'web', 'split-manifest.json'), JSON.stringify({ loader: loaderFile, packs: [...packFiles.values()].sort(), routes }, null, 2));
console.log(`pack-chunks: ${modules.size} split modules in ${packFiles.size} packs, loader ${loaderFile}`);
