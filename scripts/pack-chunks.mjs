// Trunk's post_build hook: turns wasm-split's output (scripts/split/wasm-bindgen) into what the
// browser fetches after the main module.
//
// wasm-split writes one module per lazy route and one chunk per set of routes that share code:
// about 120 files, so a deep link to the last booking step would wait for 60 requests, each a
// round trip on 3G. Here every file is optimised with wasm-opt (release builds; without the flags
// that assume a fresh, zeroed memory: chunks write into the main module's memory), then packed:
// files needed by the same set of routes start in one pack, and the two packs whose merging makes
// the fewest bytes travel to a route that does not use them are merged, until no page needs more
// than MAX_PACKS requests (one round of the browser's parallel connections). A page is a route
// with its parent: a booking step needs the booking's own module too. Each pack is one request,
// compresses as a whole, and carries a content hash in its name; so does the loader, and the main
// module's glue imports the loader by that name, so a running app never pairs a new main module
// with an old chunk or the reverse (a stale one is a 404, never a mismatch).
//
// Writes into Trunk's staging folder: `pack-<routes>-<hash>.bin`, `split-<hash>.js`, and the
// glue rewritten to import it. Writes target/web/split-manifest.json for scripts/size.sh.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

/** The parent route of each nested route: a deep link to a booking step renders both. */
const PARENT = { day: 'booking', time: 'booking', applicant: 'booking', check: 'booking' };
/** At most this many packs for any page: six is what a browser fetches at once from one host. */
const MAX_PACKS = 6;
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
  const routeOf = (split) => split.trim().replace(/^__/, '').replace(/_route_view_\d+$/, '');
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
/** The pages that need a module: the routes that use it, and the children of those routes. */
const pagesOf = (routes) => {
  const pages = new Set(routes);
  for (const [child, parent] of Object.entries(PARENT)) if (pages.has(parent)) pages.add(child);
  return pages;
};
let groups = new Map();
for (const [name, module] of modules) {
  const key = [...pagesOf(module.routes)].sort().join(' ');
  if (!groups.has(key)) groups.set(key, { pages: pagesOf(module.routes), names: [], size: 0 });
  const group = groups.get(key);
  group.names.push(name);
  group.size += module.bytes.length;
}
groups = [...groups.values()];
const allPages = new Set(groups.flatMap((g) => [...g.pages]));
const packsOf = (page) => groups.filter((g) => g.pages.has(page)).length;
/** Bytes that merging a and b sends to pages that need only one of them. */
const waste = (a, b) =>
  a.size * [...b.pages].filter((p) => !a.pages.has(p)).length + b.size * [...a.pages].filter((p) => !b.pages.has(p)).length;
for (;;) {
  const crowded = [...allPages].filter((page) => packsOf(page) > MAX_PACKS);
  if (crowded.length === 0) break;
  let best = null;
  for (let i = 0; i < groups.length; i += 1) {
    for (let j = i + 1; j < groups.length; j += 1) {
      const [a, b] = [groups[i], groups[j]];
      if (!crowded.some((page) => a.pages.has(page) && b.pages.has(page))) continue;
      const cost = waste(a, b);
      if (!best || cost < best.cost) best = { cost, i, j };
    }
  }
  if (!best) fail('could not bring every page under MAX_PACKS packs');
  const [a, b] = [groups[best.i], groups[best.j]];
  groups.splice(best.j, 1);
  groups[best.i] = { pages: new Set([...a.pages, ...b.pages]), names: [...a.names, ...b.names], size: a.size + b.size };
}
const packs = new Map();
for (const group of groups) {
  const key = [...group.pages].sort().join('_');
  packs.set(key, group.names.map((name) => ({ name, bytes: modules.get(name).bytes })));
  for (const name of group.names) modules.get(name).pack = key;
}
const packFiles = new Map();
for (const [key, members] of packs) {
  members.sort((a, b) => a.name.localeCompare(b.name));
  let offset = 0;
  for (const member of members) {
    Object.assign(modules.get(member.name), { offset, length: member.bytes.length });
    offset += member.bytes.length;
  }
  const bytes = Buffer.concat(members.map((m) => m.bytes));
  const file = `pack-${key}-${hash(bytes)}.bin`;
  writeFileSync(join(staging, file), bytes);
  packFiles.set(key, file);
}

// 3. The loader reads each module out of its pack.
let replaced = 0;
loader = loader.replace(/fetch\(new URL\("\.\/([\w.-]+\.wasm)", import\.meta\.url\)\)/g, (_, file) => {
  const module = [...modules.values()].find((m) => m.file === file);
  replaced += 1;
  return `__antrean_part(${JSON.stringify(packFiles.get(module.pack))}, ${module.offset}, ${module.length})`;
});
loader = loader.replaceAll('WebAssembly.instantiateStreaming(src, imports)', 'WebAssembly.instantiate(await src, imports)');
if (replaced !== modules.size || loader.includes('instantiateStreaming')) fail('could not rewrite every fetch of the loader');
const glue = readdirSync(staging).find((f) => /^antrean-[0-9a-f]+\.js$/.test(f)) ?? fail('no antrean-<hash>.js in the staging folder');
const mainImport = loader.match(/import \{ initSync \} from "\.\/([\w.-]+\.js)";/) ?? fail("the loader's import of the main module moved");
loader = loader.replace(mainImport[0], `import { initSync } from "./${glue}";`);
// Prefetched in the order a citizen usually goes; every pack is in the list.
const PREFETCH = ['service', 'directory', 'mpp', 'booking', 'day', 'time', 'applicant', 'check', 'tickets', 'ticket'];
const loaderOf = new Map([...modules].filter(([name]) => name.startsWith('__wasm_split_load_')).map(([name, m]) => [m.routes[0], name]));
const packsFor = (route) => [...needs(loaderOf.get(route) ?? fail(`no route ${route}`))].map((n) => packFiles.get(modules.get(n).pack));
const order = [...new Set([...PREFETCH.filter((route) => loaderOf.has(route)).flatMap(packsFor), ...packFiles.values()])];
const prelude = readFileSync('js/chunk-packs.js', 'utf8').replace('__PREFETCH__', JSON.stringify(order));
if (!prelude.includes(JSON.stringify(order))) fail('js/chunk-packs.js has no __PREFETCH__');
loader = `${prelude}\n${loader}`;
if (release) loader = (await minify(loader, { module: true, compress: true, mangle: true })).code;
const loaderFile = `split-${hash(loader)}.js`;
writeFileSync(join(staging, loaderFile), loader);

// 4. The glue imports the loader by its hashed name.
const gluePath = join(staging, glue);
const glueText = readFileSync(gluePath, 'utf8');
// Only the import statements: the import object's key stays the module name the wasm imports.
const importOfLoader = /(from\s*)(["'])\.\/__wasm_split\.js\2/g;
if (!importOfLoader.test(glueText)) fail(`${glue} does not import ./__wasm_split.js`);
writeFileSync(gluePath, glueText.replace(importOfLoader, `$1"./${loaderFile}"`));

// 5. What each route needs beyond the first load, for scripts/size.sh.
const routes = {};
for (const [route, name] of loaderOf) {
  const needed = needs(name);
  if (PARENT[route]) needs(loaderOf.get(PARENT[route]) ?? fail(`no route ${PARENT[route]}`), needed);
  routes[route] = [...new Set([...needed].map((n) => packFiles.get(modules.get(n).pack)))].sort();
}
// The start-up script asks for a deep link's packs beside the main module (js/boot.js).
const indexPath = join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8');
if (!index.includes('__ROUTE_PACKS__')) fail('index.html has no __ROUTE_PACKS__ (js/boot.js asks for a deep link\'s packs)');
writeFileSync(indexPath, index.replaceAll('__ROUTE_PACKS__', JSON.stringify(routes)));
mkdirSync(join('target', 'web'), { recursive: true });
writeFileSync(join('target', 'web', 'split-manifest.json'), JSON.stringify({ loader: loaderFile, packs: [...packFiles.values()].sort(), routes }, null, 2));
console.log(`pack-chunks: ${modules.size} split modules in ${packFiles.size} packs, loader ${loaderFile}`);
