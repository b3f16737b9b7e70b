// The WordPress plugin as a site's admin gets it: the zip from scripts/package.mjs,
// uploaded through Plugins → Add New in a real WordPress (Debian's package, a stock classic
// theme), activated, configured in Settings → Balasan; readers comment on a post with and
// without the wasm; deleting the plugin leaves no option behind. Every PHP file is linted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerCaptcha, fillComment, launch, root, send, watchErrors } from './harness.mjs';
import { startWordPress } from './wordpress.mjs';

const out = join(root, 'target/package');
const version = JSON.parse(readFileSync(join(out, 'npm/package.json'), 'utf8')).version;
const zip = join(out, `balasan-wordpress-${version}.zip`);

let browser;
let wp;
let admin;

before(async () => {
  assert.ok(existsSync(zip), `${zip} (node scripts/package.mjs makes it)`);
  browser = await launch();
  wp = await startWordPress();
  admin = await browser.newPage();
  await admin.goto(`${wp.url}/wp-login.php`);
  await admin.fill('#user_login', 'admin');
  await admin.fill('#user_pass', wp.adminPassword);
  await admin.click('#wp-submit');
  await admin.waitForSelector('#wpadminbar');
});

after(async () => {
  await browser?.close();
  await wp?.stop();
});

/** Every PHP file under `dir`. */
function phpFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.php'))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

test('every PHP file of the plugin, as shipped in the zip, passes php -l', () => {
  // The zip, not wordpress/: scripts/package.mjs rewrites balasan.php on the way in.
  const unpacked = mkdtempSync(join(tmpdir(), 'balasan-zip-'));
  try {
    execFileSync('python3', ['-m', 'zipfile', '-e', zip, unpacked]);
    const files = phpFiles(unpacked);
    const source = phpFiles(join(root, 'wordpress')).length;
    assert.ok(source >= 5 && files.length === source, `the zip has every PHP file of wordpress/: ${files}`);
    for (const file of files) {
      const said = spawnSync('php', ['-l', file], { encoding: 'utf8' });
      assert.equal(said.status, 0, `${file.slice(unpacked.length)}: ${said.stdout}${said.stderr}`);
      assert.match(said.stdout, /No syntax errors/, file);
    }
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
});

test('installed from the zip and activated in the admin screens; Settings → Balasan saves', async () => {
  await admin.goto(`${wp.url}/wp-admin/plugin-install.php?tab=upload`);
  await admin.setInputFiles('#pluginzip', zip);
  await admin.click('#install-plugin-submit');
  await admin.waitForSelector('text=Plugin installed successfully.');
  await admin.click('a:has-text("Activate Plugin")');
  await admin.waitForSelector('#message:has-text("Plugin activated.")');
  assert.ok(existsSync(join(wp.content, 'plugins/balasan/assets/balasan_bg.wasm')));

  await admin.click('tr[data-slug="balasan"] a:has-text("Settings")');
  await admin.waitForSelector('#balasan_theme');
  assert.equal(await admin.inputValue('#balasan_preset'), 'wordpress-form', 'this site by default');
  await admin.selectOption('#balasan_theme', 'dark');
  await admin.click('#submit');
  await admin.waitForSelector('text=Settings saved.');
  assert.equal(wp.option('balasan_settings').theme, 'dark');

  // A forged save without the page's nonce is refused, and changes nothing.
  const forged = await admin.request.post(`${wp.url}/wp-admin/options.php`, {
    form: { option_page: 'balasan', action: 'update', 'balasan_settings[theme]': 'light' },
    maxRedirects: 0,
  });
  assert.notEqual(forged.status(), 302, 'no redirect to "Settings saved."');
  assert.equal(wp.option('balasan_settings').theme, 'dark');
  // Values outside the choices are not kept as given.
  const nonce = await admin.inputValue('input[name=_wpnonce]');
  await admin.request.post(`${wp.url}/wp-admin/options.php`, {
    form: {
      option_page: 'balasan', action: 'update', _wpnonce: nonce,
      _wp_http_referer: '/wp-admin/options-general.php?page=balasan',
      'balasan_settings[theme]': '"><script>alert(1)</script>', 'balasan_settings[preset]': 'wordpress-form',
      'balasan_settings[placement]': 'theme', 'balasan_settings[captcha]': 'on',
      'balasan_settings[required]': 'wordpress', 'balasan_settings[endpoint]': 'javascript:alert(1)',
    },
  });
  const cleaned = wp.option('balasan_settings');
  assert.equal(cleaned.theme, 'light', 'an unknown theme falls back to the default');
  assert.equal(cleaned.endpoint, '', 'a javascript: endpoint is dropped');
  await admin.goto(`${wp.url}/wp-admin/options-general.php?page=balasan`);
  await admin.selectOption('#balasan_theme', 'dark');
  await admin.click('#submit');
  await admin.waitForSelector('text=Settings saved.');
});

test('a reader comments on a post: the theme\'s form taken over, WordPress stores the comment', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${wp.url}/?p=${wp.postId}`);
  const tag = page.locator('script[src*="plugins/balasan/assets/embed.js"]');
  assert.equal(await tag.count(), 1, 'the loader is enqueued once');
  assert.equal(await tag.getAttribute('data-target'), '#respond');
  assert.equal(await tag.getAttribute('data-preset'), 'wordpress-form');
  assert.equal(await tag.getAttribute('data-lang'), 'en', 'the site\'s locale (en_US)');
  assert.equal(await tag.getAttribute('data-theme'), 'dark');
  assert.equal(await tag.getAttribute('data-required'), 'name,email', 'as Settings → Discussion');
  assert.match(await tag.getAttribute('integrity'), /^sha384-/);
  await page.focus('#comment');
  await page.waitForSelector('[data-balasan-live] #commentform');
  assert.equal(await page.locator('#commentform').count(), 1, 'one form, not two');
  assert.equal(await page.getAttribute('#commentform', 'action'), `${wp.url}/wp-comments-post.php`);
  await fillComment(page, 'Dikirim lewat plugin Balasan.');
  await answerCaptcha(page);
  const told = await send(page);
  assert.equal(told.status, 'Thank you, your comment has been posted.');
  const stored = await wp.comments();
  assert.equal(stored.filter((c) => c.content.rendered.includes('Dikirim lewat plugin Balasan.')).length, 1,
    'WordPress has it, once');
  // (The theme asks for avatars on the internet, which this network does not reach.)
  assert.deepEqual(errors.filter((e) => !e.includes('ERR_NAME_NOT_RESOLVED')), []);
  await context.close();
});

test('a reader whose browser gets no wasm still posts through the form', async () => {
  const context = await browser.newContext();
  await context.route('**/*.wasm', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${wp.url}/?p=${wp.postId}`);
  // The plugin's form (Balasan's markup in place of the theme's), without its wasm.
  await page.waitForSelector('#respond.balasan-host #commentform');
  assert.equal(await page.textContent('.balasan-question'), 'Loading…', 'the sum waits for the wasm');
  await fillComment(page, 'Tanpa wasm, tetap terkirim.');
  // A plain form post to WordPress's handler, which checks and stores it as without Balasan.
  await Promise.all([page.waitForNavigation(), page.click('#submit')]);
  assert.equal(new URL(page.url()).searchParams.get('p'), String(wp.postId), 'WordPress sends the reader back');
  const stored = await wp.comments();
  assert.equal(stored.filter((c) => c.content.rendered.includes('Tanpa wasm, tetap terkirim.')).length, 1,
    'WordPress has it, once');
  await context.close();
});

test('deactivated and deleted in the admin screens: no option left behind', async () => {
  assert.notEqual(wp.option('balasan_settings'), null);
  await admin.goto(`${wp.url}/wp-admin/plugins.php`);
  await admin.click('tr[data-slug="balasan"] .deactivate a');
  await admin.waitForSelector('#message:has-text("Plugin deactivated.")');
  const page = await browser.newPage();
  await page.goto(`${wp.url}/?p=${wp.postId}`);
  assert.equal(await page.locator('script[src*="plugins/balasan"]').count(), 0, 'no loader once deactivated');
  await page.close();
  await admin.click('tr[data-slug="balasan"] .delete a');
  // WordPress asks on a page of its own before deleting files and data.
  await admin.click('input[type=submit][value^="Yes, delete"]');
  await admin.waitForSelector('#message:has-text("deleted")');
  assert.equal(wp.option('balasan_settings'), null, 'uninstall.php removed the option');
  assert.ok(!existsSync(join(wp.content, 'plugins/balasan')), 'the files are gone');
});
