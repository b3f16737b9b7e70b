// The public comment list behind a CDN: nginx's proxy cache, a real shared cache that reads
// `Cache-Control` (`s-maxage`, `stale-while-revalidate`) and revalidates with
// `If-None-Match`, in front of the reference server. Between the two, a counting proxy
// records what reaches the server. 1,000 readers' reads reach it at most twice per
// s-maxage window, the revalidations are conditional, and a new comment is in what the
// cache serves within s-maxage + stale-while-revalidate + 1 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, faultProxy, freePort, startServer, stopChild } from './harness.mjs';

const S_MAXAGE = 1;
const STALE = 1;
const POST = 'artikel-cdn';
const LIST = `/api/comments?post=${POST}&order=oldest&limit=50`;

let server;
let counter;
let cdn;

/** nginx on a free port caching everything from `upstream`, as a CDN's edge does. */
async function startNginx(upstream) {
  const dir = await mkdtemp(join(tmpdir(), 'balasan-nginx-'));
  const port = await freePort();
  // One process, nothing outside `dir`: the test's own instance, not the system's.
  await writeFile(join(dir, 'nginx.conf'), `
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  proxy_cache_path ${dir}/cache keys_zone=lists:1m;
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass ${upstream.replace(/\/$/, '')};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_cache lists;
      proxy_cache_revalidate on;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      add_header X-Cache $upstream_cache_status always;
    }
  }
}
`);
  const child = spawn('/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const answers = () => fetch(`${url}/healthz`).then(() => true, () => false);
  const up = await eventually(async () => child.exitCode !== null || answers(), 'nginx', 5000)
    .then(() => child.exitCode === null, () => false);
  if (!up) throw new Error(`nginx did not start: ${await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')}`);
  return {
    url,
    async stop() {
      await stopChild(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

before(async () => {
  server = await startServer(['--moderation', 'approved', '--rate-burst', '1000',
    '--list-max-age', '1', '--list-s-maxage', String(S_MAXAGE), '--list-stale', String(STALE)], { files: false });
  counter = await faultProxy(server.url);
  cdn = await startNginx(counter.url);
  for (let i = 1; i <= 60; i++) await server.seed(POST, `Komentar ke-${i} tentang sungai itu.`);
});
after(async () => {
  await cdn?.stop();
  await counter?.close();
  await server?.stop();
});

/** A reader's read through the cache: status, what the cache did, the list. */
async function read() {
  const r = await fetch(cdn.url + LIST, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
  return { status: r.status, cache: r.headers.get('x-cache'), list: await r.json() };
}

test('1,000 reads through the CDN: at most 2 reach the server per s-maxage window, and a new comment shows within s-maxage + stale + 1 s', async () => {
  const reachedBefore = counter.arrived.length;
  const started = Date.now();
  let written = null;
  let seenAt = null;
  const statuses = new Map();
  // 20 readers at a time, about 250 reads a second: four s-maxage windows and more. Half
  // way, a reader publishes a comment (straight to the server, as the widget does).
  let done = 0;
  const reader = async () => {
    while (done < 1000) {
      done += 1;
      if (done === 500) {
        written = { id: await server.seed(POST, 'Komentar baru di tengah keramaian.'), at: Date.now() };
      }
      const { status, cache, list } = await read();
      statuses.set(`${status} ${cache}`, (statuses.get(`${status} ${cache}`) ?? 0) + 1);
      assert.equal(status, 200);
      assert.ok(list.total >= 60 && list.comments.length === 50, JSON.stringify(list).slice(0, 200));
      if (written && seenAt === null && list.total === 61) seenAt = Date.now();
      await new Promise((ok) => setTimeout(ok, 80));
    }
  };
  await Promise.all(Array.from({ length: 20 }, reader));
  const took = Date.now() - started;
  assert.ok(took > 3000, `the reads span several windows (${took} ms)`);

  const reached = counter.arrived.slice(reachedBefore).filter((a) => a.method === 'GET' && a.path === LIST);
  // Every window of S_MAXAGE seconds, wherever it starts.
  for (const first of reached) {
    const within = reached.filter((a) => a.at >= first.at && a.at < first.at + S_MAXAGE * 1000);
    assert.ok(within.length <= 2, `${within.length} reads reached the server within ${S_MAXAGE} s: ${JSON.stringify(within)}`);
  }
  assert.ok(reached.length >= 2, 'the cache asked again after s-maxage');
  assert.ok(reached.slice(1).every((a) => a.tag), 'after the first, the cache asks with the tag it holds');
  console.log(`1,000 reads in ${took} ms; ${reached.length} reached the server, at ${reached.map((a) => a.at - started).join(', ')} ms; `
    + `the cache answered ${JSON.stringify(Object.fromEntries(statuses))}`);

  // The new comment: in the cache's answers within s-maxage + stale + 1 s of its writing.
  if (seenAt === null) {
    for (;;) {
      const { list } = await read();
      if (list.total === 61) {
        seenAt = Date.now();
        break;
      }
      if (Date.now() - written.at > 10_000) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
  assert.ok(seenAt !== null && seenAt - written.at <= (S_MAXAGE + STALE + 1) * 1000,
    `the new comment showed ${seenAt === null ? 'never' : `after ${seenAt - written.at} ms`}`);
});
