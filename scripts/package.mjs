#!/usr/bin/env node
// Packs the release build (dist/, from scripts/build.sh) the ways site developers install
// it, into target/package/:
// - balasan-<version>.tgz: the npm package (`npm pack` output), for a CDN that serves npm
//   packages by version, or `npm install` and a bundler;
// - balasan-wordpress-<version>.zip: the WordPress plugin (wordpress/ plus the same files).
// The version is the widget crate's (Cargo.toml). Nothing is published.
//
//   node scripts/package.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GLUES, filesOf } from './backends.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(root, 'target/package');

/**
 * The files a reader's browser fetches (the glue and wasm of each backend, and its list's
 * wasm), and the no-script forms.
 */
const WIDGET = ['embed.js', ...GLUES.flatMap(filesOf),
  'balasan.css', 'lang', 'integrity.json', 'form'];
/** The reference server's precompressed copies stay out. */
const plain = (src) => !/\.(br|gz)$/.test(src);

const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const version = cargo.match(/\[package\][^[]*?\nversion = "([^"]+)"/)[1];
const integrity = JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8'));

/** The README's section on putting the form on a page, for the package's own README. */
function embedSection() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Putting the form on a page');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0 || end < 0) throw new Error('README.md: no "Putting the form on a page" section');
  // Links to the project README's other sections are not in the package's: their text stays.
  return readme.slice(start, end).trim().replace(/\[([^\]]+)\]\(#[^)]*\)/g, '$1');
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// ---- npm ----
const npm = join(out, 'npm');
for (const f of WIDGET) cpSync(join(dist, f), join(npm, f), { recursive: true, filter: plain });
// The module entry names every file a form may fetch by a literal
// `new URL('./file', import.meta.url)`, which bundlers follow (npm/index.js).
const fetched = ['embed.js', ...GLUES.flatMap(filesOf), 'balasan.css',
  ...readdirSync(join(dist, 'lang')).filter((f) => f.endsWith('.json')).map((f) => `lang/${f}`)];
const entry = readFileSync(join(root, 'npm/index.js'), 'utf8');
for (const marker of ['/*FILES*/ {}', "/*PIN*/ ''"]) {
  if (entry.split(marker).length !== 2) throw new Error(`npm/index.js lost its ${marker} marker`);
}
writeFileSync(join(npm, 'index.js'), entry
  .replace('/*FILES*/ {}', () => `{\n${fetched.map((f) =>
    `  ${JSON.stringify(f)}: new URL(${JSON.stringify(`./${f}`)}, import.meta.url).href,`).join('\n')}\n}`)
  .replace("/*PIN*/ ''", () => JSON.stringify(integrity['embed.js'])));
for (const f of ['index.d.ts', 'react.js', 'react.d.ts']) cpSync(join(root, 'npm', f), join(npm, f));
cpSync(join(root, 'LICENSE'), join(npm, 'LICENSE'));
writeFileSync(
  join(npm, 'README.md'),
  `# Balasan\n\nA drop-in, WordPress-style comment form for news pages: the form is on the page ` +
    `at once and works without script; a small WebAssembly widget takes it over in place.\n\n` +
    `\`embed.js\`'s hash for \`integrity\`: \`${integrity['embed.js']}\` (all hashes: ` +
    `\`integrity.json\`).\n\n${embedSection()}\n`,
);
writeFileSync(
  join(npm, 'package.json'),
  JSON.stringify(
    {
      name: 'balasan',
      version,
      description: 'A drop-in, WordPress-style comment form for news pages (HTML first, WebAssembly)',
      license: 'MIT',
      type: 'module',
      main: './index.js',
      module: './index.js',
      types: './index.d.ts',
      exports: {
        '.': { types: './index.d.ts', default: './index.js' },
        // The same, with <balasan-form> typed in React's JSX.
        './react': { types: './react.d.ts', default: './react.js' },
        './embed.js': './embed.js',
        './balasan.css': './balasan.css',
        './integrity.json': './integrity.json',
        './package.json': './package.json',
      },
      // The files found next to the module at run time; a CDN serves them from here too.
      files: ['index.js', 'index.d.ts', 'react.js', 'react.d.ts', ...WIDGET, 'README.md', 'LICENSE'],
      // Importing the module defines <balasan-form>.
      sideEffects: ['./index.js', './react.js'],
      keywords: ['comments', 'comment-form', 'wordpress', 'webassembly', 'leptos', 'indonesia'],
    },
    null,
    2,
  ) + '\n',
);
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
  cwd: npm,
  encoding: 'utf8',
}).trim();

// ---- WordPress ----
const plugin = join(out, 'wordpress/balasan');
cpSync(join(root, 'wordpress'), plugin, { recursive: true });
for (const f of WIDGET) cpSync(join(dist, f), join(plugin, 'assets', f), { recursive: true, filter: plain });
// The plugin reads its version from its header (and the enqueued files' ?ver=).
for (const f of ['balasan.php', 'readme.txt']) {
  const file = join(plugin, f);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('0.0.0-dev', version));
}
const zip = `balasan-wordpress-${version}.zip`;
rmSync(join(out, zip), { force: true });
execFileSync('python3', ['-m', 'zipfile', '-c', join(out, zip), 'balasan'], {
  cwd: join(out, 'wordpress'),
});

console.log(`package: target/package/${packed} (npm), target/package/${zip} (WordPress)`);
