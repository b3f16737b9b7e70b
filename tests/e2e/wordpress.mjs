// A real WordPress (Debian's package) for the end-to-end tests: MariaDB on a private socket,
// WordPress installed into it, served by `php -S`. Starts in well under a minute.
import { spawn, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, root, stopChild } from './harness.mjs';

const here = join(root, 'tests/e2e/wordpress');

function run(cmd, args, options = {}) {
  const out = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (out.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

async function until(check, what) {
  for (let i = 0; i < 150; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not come up`);
}

/** Starts WordPress; `embed` is the URL of a Balasan loader its posts add on `?balasan=1`. */
export async function startWordPress({ embed = '' } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'balasan-wp-'));
  await chmod(dir, 0o755);
  const data = join(dir, 'mysql');
  const sock = join(data, 'mysqld.sock');
  await mkdir(data);
  run('chown', ['-R', 'mysql:mysql', data]);
  run('mariadb-install-db', ['--user=mysql', `--datadir=${data}`, '--skip-test-db']);
  const mysqld = spawn('mariadbd', [
    '--user=mysql', `--datadir=${data}`, `--socket=${sock}`, '--skip-networking',
    `--pid-file=${join(data, 'mysqld.pid')}`,
  ], { stdio: 'ignore' });
  await until(async () => existsSync(sock), 'MariaDB');
  run('mariadb', [`--socket=${sock}`, '-uroot', '-e',
    "CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';"]);

  const content = join(dir, 'wp-content');
  await mkdir(join(content, 'mu-plugins'), { recursive: true });
  await mkdir(join(content, 'plugins'));
  await copyFile(join(here, 'mu-plugin.php'), join(content, 'mu-plugins/balasan-test.php'));
  await symlink('/var/lib/wordpress/wp-content/themes', join(content, 'themes'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const config = join(dir, 'config.php');
  await writeFile(config, `<?php
define('DB_NAME', 'wp');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:${sock}');
define('WP_CONTENT_DIR', '${content}');
define('WP_HOME', '${url}');
define('WP_SITEURL', '${url}');
define('DISABLE_WP_CRON', true);
`);
  const env = {
    ...process.env, BALASAN_WP_CONFIG: config, WP_URL: url, BALASAN_EMBED: embed, BALASAN_WP_CONTENT: content,
  };
  const installed = run('php', [join(here, 'install.php')], { env });
  const postId = Number(installed.match(/POST_ID=(\d+)/)[1]);
  const threadId = Number(installed.match(/THREAD_ID=(\d+)/)[1]);
  const adminPassword = installed.match(/ADMIN_PASSWORD=(\S+)/)[1];
  const php = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', '/usr/share/wordpress', join(here, 'router.php')],
    { env, stdio: 'ignore' });
  await until(async () => (await fetch(`${url}/?rest_route=/`)).ok, 'WordPress');

  return {
    url,
    postId,
    /** A second post, for the conversation tests. */
    threadId,
    /** The instance's wp-content (plugins are installed under it). */
    content,
    adminPassword,
    /** An option as WordPress reads it (`null` when it does not exist). */
    option(name) {
      return JSON.parse(run('php', [join(here, 'option.php'), name], { env }));
    },
    /** A post's comments as WordPress's own REST API lists them. */
    async comments(post = postId) {
      const r = await fetch(`${url}/?rest_route=/wp/v2/comments&post=${post}&status=approve&per_page=100`);
      return r.json();
    },
    /** Posts a comment as an anonymous reader through the REST API; returns its id. */
    async comment(post, content, { author = 'Sari', parent = 0 } = {}) {
      const r = await fetch(`${url}/?rest_route=/wp/v2/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ post, parent, author_name: author, author_email: `${author.toLowerCase()}@contoh.id`, content }),
      });
      if (r.status != 201) throw new Error(`WordPress refused the comment: ${r.status} ${await r.text()}`);
      return (await r.json()).id;
    },
    async stop() {
      await stopChild(php);
      await stopChild(mysqld);
      // The instance (its database files are ~100 MB) goes with it.
      await rm(dir, { recursive: true, force: true });
    },
  };
}
