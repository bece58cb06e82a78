// Prepended to wasm-split's loader by scripts/pack-chunks.mjs, which fills in PACK_FILES and PREFETCH (every
// pack of a citizen's pages, in the order a citizen usually goes: checklist, directory, an MPP, the booking steps,
// tickets). Each split module is read out of its pack: one request for several modules.
//
// - A pack is fetched once, retried twice on a flaky network (after 1 s and 3 s).
// - Once the first page is shown and the browser is idle, every pack is fetched, one after the other,
//   so that the next page opens without waiting; never on a connection marked save-data (there a
//   page's packs are fetched when it is opened). A failed prefetch is forgotten quietly.
// - A pack that a page needs and cannot get (offline, or a 404: a new version was deployed while
//   this page was open) shows the start-up script's notice with a reload button.
/** Every pack's file; the loader names a pack by its index here. */
const __antrean_pack_files = __PACK_FILES__;
const __antrean_prefetch_order = __PREFETCH__;
const __antrean_packs = new Map();
const __antrean_wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function __antrean_fetch_pack(file) {
  const url = new URL(`./${file}`, import.meta.url);
  const pauses = [1000, 3000];
  for (let attempt = 0; ; attempt += 1) {
    let response;
    try {
      response = await fetch(url);
    } catch (error) {
      if (attempt >= pauses.length) throw error;
      await __antrean_wait(pauses[attempt]);
      continue;
    }
    if (response.ok) return response.arrayBuffer();
    if (response.status < 500 || attempt >= pauses.length) throw new Error(`${file}: HTTP ${response.status}`);
    await __antrean_wait(pauses[attempt]);
  }
}
/** The pack's bytes, fetched at most once at a time; a failure is forgotten so a later call retries. */
function __antrean_pack(file) {
  if (!__antrean_packs.has(file)) {
    // A deep link's packs were asked for by the start-up script, beside the main module.
    const early = globalThis.antreanEarlyPacks?.get(file);
    globalThis.antreanEarlyPacks?.delete(file);
    const pack = early ? early.catch(() => __antrean_fetch_pack(file)) : __antrean_fetch_pack(file);
    __antrean_packs.set(file, pack);
    pack.catch(() => __antrean_packs.delete(file));
  }
  return __antrean_packs.get(file);
}
/** The packs of the page being opened: where a module copied into several packs is read from,
 * unless one of them has been fetched already. */
let __antrean_page_packs = [];
function __antrean_opening(packs, load) {
  return (...args) => {
    __antrean_page_packs = packs.map((at) => __antrean_pack_files[at]);
    return load(...args);
  };
}
/** A split module's bytes: `places` lists each pack that holds it (its index in the list of packs),
 * with its offset and length. */
function __antrean_part(places) {
  const fetched = (file) => __antrean_packs.has(file) || globalThis.antreanEarlyPacks?.has(file);
  const files = places.map(([at, offset, length]) => [__antrean_pack_files[at], offset, length]);
  const [file, offset, length] =
    files.find(([file]) => fetched(file)) ?? files.find(([file]) => __antrean_page_packs.includes(file)) ?? files[0];
  // A prefetch that failed meanwhile is tried once more before the citizen is told.
  const bytes = __antrean_pack(file).catch(() => __antrean_pack(file));
  bytes.catch(() => globalThis.antreanChunkFailed?.());
  return bytes.then((pack) => new Uint8Array(pack, offset, length));
}
async function __antrean_prefetch() {
  for (const at of __antrean_prefetch_order) {
    await __antrean_pack(__antrean_pack_files[at]).catch(() => undefined);
  }
}
// Only once the first page is on screen (the start-up script says so): before that, every byte
// of bandwidth belongs to the main module and the page's own packs.
if (!navigator.connection?.saveData) {
  const idle = () => (globalThis.requestIdleCallback ?? ((run) => setTimeout(run, 1000)))(__antrean_prefetch, { timeout: 5000 });
  if (globalThis.antreanShown) idle();
  else addEventListener('antrean:shown', idle, { once: true });
}
