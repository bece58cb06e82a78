// Builds the start-up script that Trunk inlines into index.html (a Trunk pre-build hook): puts the
// Indonesian texts of the first screen's shell into js/boot.js, from locales/id.json (the texts are
// never written twice), and minifies it with terser.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { minify } from 'terser';

/** The keys the shell shows (see `shell` in js/boot.js). */
const KEYS = [
  'skip_to_content', 'tagline', 'nav_services', 'nav_directory', 'nav_tickets', 'switch_language',
  'home_title', 'home_lead', 'directory_title', 'directory_lead', 'checklist_title', 'checklist_intro',
];
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const locale = JSON.parse(readFileSync('locales/id.json', 'utf8'));
const texts = Object.fromEntries(KEYS.map((key) => {
  if (typeof locale[key] !== 'string') throw new Error(`make-boot: locales/id.json has no text "${key}"`);
  return [key, escape(locale[key])];
}));
const source = readFileSync('js/boot.js', 'utf8');
if (!source.includes('__SHELL_TEXTS__')) throw new Error('make-boot: js/boot.js has no __SHELL_TEXTS__');
const { code } = await minify(source.replace('__SHELL_TEXTS__', JSON.stringify(texts)), { compress: true, mangle: true });
mkdirSync('target/web', { recursive: true });
writeFileSync('target/web/boot.min.js', code);
