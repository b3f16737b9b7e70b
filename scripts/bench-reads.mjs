// The read path's benchmark: how many comment-list reads the reference server answers, on
// one machine, for one article with 200 approved comments, with `wrk` (20 connections):
//
// - full reads: `200`, compressed as browsers ask (`Accept-Encoding: gzip, deflate, br`);
// - conditional reads: `If-None-Match` with the current tag, `304` (what browsers and CDNs
//   send once their copy is older than max-age);
// - the mix: readers that revalidate with the last tag they got (a `304` while nothing
//   changed, the new list once it did), while comments are written at 100/s; each new
//   comment is then read back until a list shows it, and the longest wait is reported
//   (a reader's cache adds at most max-age to it).
//
// On SQLite with one server, and on PostgreSQL with three servers on one database (one wrk
// per server, the 20 connections shared out; their rates add up, the p99 is the worst of
// the three). Prints the bytes of one list page too, plain and compressed.
//
//   cargo build --release -p balasan-server && node scripts/bench-reads.mjs [--seconds 10] [--only sqlite|postgres]
//
// Needs wrk (scripts/setup-tests.sh installs it) and, for PostgreSQL, its binaries
// (scripts/pg-cluster.sh starts a cluster of its own with fsync on, and stops it). Times
// depend on the machine: this is a report, not a test.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'target/release/balasan-server');
const { values: opts } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, only: { type: 'string' } },
});
const seconds = Number(opts.seconds);
const CONNECTIONS = 20;
const POST = 'artikel-ramai';
// What the widget asks for first: the oldest 50 top-level comments with their replies.
const PATH = `/api/comments?post=${POST}&order=oldest&limit=50`;
const ENCODINGS = 'gzip, deflate, br';
const WRITES_PER_S = 100;

if (spawnSync('wrk', ['--version']).error) {
  console.error('bench-reads: wrk is not installed (scripts/setup-tests.sh installs it)');
  process.exit(1);
}

const work = mkdtempSync(join(tmpdir(), 'balasan-bench-reads-'));
const children = [];
let cluster = null;
const cleanUp = () => {
  for (const c of children) c.kill('SIGKILL');
  if (cluster) spawnSync(join(root, 'scripts/pg-cluster.sh'), ['stop', cluster], { stdio: 'inherit' });
  rmSync(work, { recursive: true, force: true });
};
process.on('exit', cleanUp);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

/** A server on `store` (its flags), listening on a free port; its origin. */
function serve(store) {
  const child = spawn(bin, [...store, 'serve', '--listen', '127.0.0.1:0', '--moderation', 'approved',
    '--min-elapsed-ms', '0', '--rate-burst', '100000000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (d) => {
      seen += d;
      const m = seen.match(/listening on (http:\/\/\S+?)\/?\s/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`balasan-server exited with ${code}`)));
  });
}

// Comments of readers' length and variety (compression is measured too): 15 to 60 words
// drawn from these, by a fixed sequence, so every run writes the same ones.
const WORDS = ('sungai air warga pagi bersih sampah kali pemerintah kota desa jembatan hujan banjir musim '
  + 'anak sekolah pasar ikan nelayan petani sawah jalan rusak perbaikan dana anggaran kepala dinas '
  + 'lingkungan hidup kerja bakti relawan pemuda ibu bapak harapan semoga terus jaga bersama kita '
  + 'saya setuju tidak benar sekali masalah lama baru akhirnya terima kasih berita ini penting').split(' ');
let seed = 42;
const next = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const sentence = () => {
  const words = Array.from({ length: 15 + next(46) }, () => WORDS[next(WORDS.length)]);
  return `${words.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
};

let written = 0;
/** Posts one approved comment to `origin`; its id. */
async function write(origin, content = sentence()) {
  written += 1;
  const r = await fetch(`${origin}/api/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      post: POST, author: `Pembaca ${written}`, email: `pembaca${written}@contoh.id`, url: '', content,
      parent: null, hp: '', elapsed_ms: 9000, page_url: 'https://kabar.contoh.id/artikel-ramai', page_title: 'Ramai',
    }),
  });
  if (r.status !== 201) throw new Error(`writing: ${r.status} ${await r.text()}`);
  return (await r.json()).id;
}

/** Runs wrk against each origin at once (the connections shared out); rate and p99. */
async function wrk(origins, args = []) {
  const runs = origins.map((origin, i) => {
    const c = Math.floor(CONNECTIONS / origins.length) + (i < CONNECTIONS % origins.length ? 1 : 0);
    return new Promise((resolve, reject) => {
      const child = spawn('wrk', ['-t', String(Math.min(2, c)), '-c', String(c), '-d', `${seconds}s`, '--latency',
        ...args, origin + PATH]);
      let out = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { out += d; });
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk: ${code}\n${out}`))));
    });
  });
  const outs = await Promise.all(runs);
  const ms = (v, unit) => Number(v) * { us: 0.001, ms: 1, s: 1000 }[unit];
  let rate = 0;
  let p99 = 0;
  for (const out of outs) {
    const bad = out.match(/Non-2xx or 3xx responses: (\d+)|Socket errors: .*/);
    if (bad) throw new Error(`wrk saw failures:\n${out}`);
    rate += Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]);
    const [, v, unit] = out.match(/\s99%\s+([\d.]+)(us|ms|s)\b/);
    p99 = Math.max(p99, ms(v, unit));
  }
  return { rate, p99 };
}

/** A wrk script: every request carries `headers`. */
function luaFile(name, lua) {
  const file = join(work, name);
  writeFileSync(file, lua);
  return file;
}

/** The list page's size: plain, gzip, br (as the server sends them). */
async function sizes(origin) {
  const out = {};
  for (const enc of ['identity', 'gzip', 'br']) {
    // Node's fetch would unpack; curl counts the bytes on the wire.
    const r = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{size_download}', '-H', `Accept-Encoding: ${enc}`,
      origin + PATH], { encoding: 'utf8' });
    out[enc] = Number(r.stdout);
  }
  return out;
}

/** The mix: revalidating readers on every origin while a writer adds 100 comments a second. */
async function mix(origins) {
  const reader = luaFile('revalidate.lua', `
local tag = nil
request = function()
  local headers = { ["Accept-Encoding"] = "${ENCODINGS}" }
  if tag then headers["If-None-Match"] = tag end
  return wrk.format("GET", nil, headers)
end
response = function(status, headers, body)
  if status == 200 then tag = headers["ETag"] or headers["etag"] end
end
`);
  const reads = wrk(origins, ['-s', reader]);
  // The writer: one comment every 10 ms, round the servers; after each, a list read from
  // the next server (the page that starts at it) until it shows the comment, timed from
  // the answer.
  const waits = [];
  const start = Date.now();
  const pending = [];
  // On schedule: as many comments as 100/s makes by now, whatever the timers' drift.
  for (let i = 0; i < WRITES_PER_S * seconds;) {
    const due = Math.min(WRITES_PER_S * seconds, Math.floor(((Date.now() - start) * WRITES_PER_S) / 1000) + 1);
    for (; i < due; i++) {
      const origin = origins[i % origins.length];
      const other = origins[(i + 1) % origins.length];
      pending.push(write(origin).then(async (id) => {
        const acked = performance.now();
        for (;;) {
          const r = await fetch(`${other}/api/comments?post=${POST}&order=oldest&after=${id - 1}&limit=1`);
          const { comments } = await r.json();
          if (comments.some((c) => c.id === id)) break;
          if (performance.now() - acked > 30_000) throw new Error(`comment ${id} not listed after 30 s`);
          await new Promise((ok) => setTimeout(ok, 10));
        }
        waits.push(performance.now() - acked);
      }));
    }
    await new Promise((ok) => setTimeout(ok, 5));
  }
  await Promise.all(pending);
  const { rate, p99 } = await reads;
  return { rate, p99, writes: waits.length / ((Date.now() - start) / 1000), seenWithin: Math.max(...waits) };
}

async function bench(name, stores) {
  const origins = [];
  for (const store of stores) origins.push(await serve(store));
  const say = (what) => console.error(`bench-reads: ${name}: ${what}`);
  say('writing 200 comments');
  for (let i = 0; i < 200; i++) await write(origins[i % origins.length]);
  const bytes = await sizes(origins[0]);
  const head = spawnSync('curl', ['-s', '-D', '-', '-o', '/dev/null', '-H', `Accept-Encoding: ${ENCODINGS}`, origins[0] + PATH],
    { encoding: 'utf8' }).stdout;
  const tag = head.match(/^etag: (.+?)\r?$/mi)[1];
  say('full reads');
  const full = await wrk(origins, ['-H', `Accept-Encoding: ${ENCODINGS}`]);
  say(`conditional reads (${tag})`);
  const held = await wrk(origins, ['-H', `Accept-Encoding: ${ENCODINGS}`, '-H', `If-None-Match: ${tag}`]);
  say(`reads while ${WRITES_PER_S} comments a second are written`);
  const mixed = await mix(origins);
  for (const c of children.splice(0)) c.kill('SIGKILL');
  return { name, bytes, full, held, mixed };
}

const results = [];
if (opts.only !== 'postgres') {
  results.push(await bench('SQLite, 1 server', [['--db', join(work, 'komentar.sqlite')]]));
}
if (opts.only !== 'sqlite') {
  // A directory of its own (the cluster's owner, postgres when run as root, must reach it).
  cluster = mkdtempSync(join(tmpdir(), 'balasan-bench-pg-'));
  const started = spawnSync(join(root, 'scripts/pg-cluster.sh'), ['start', cluster], {
    encoding: 'utf8', env: { ...process.env, PG_FSYNC: 'on' },
  });
  if (started.status !== 0) throw new Error(`pg-cluster.sh: ${started.stderr}`);
  const url = started.stdout.trim();
  results.push(await bench('PostgreSQL, 3 servers', [0, 1, 2].map(() => ['--database-url', url])));
}

const n = (x) => Math.round(x).toLocaleString('en');
const f = (x) => `${x.toFixed(1)} ms`;
console.log(`\none article, 200 approved comments, ${PATH}; wrk ${CONNECTIONS} connections, ${seconds} s each\n`);
console.log('| store | 200 reads/s | p99 | 304 reads/s | p99 | mix: reads/s | p99 | writes/s | new comment listed within |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${n(r.full.rate)} | ${f(r.full.p99)} | ${n(r.held.rate)} | ${f(r.held.p99)} | `
    + `${n(r.mixed.rate)} | ${f(r.mixed.p99)} | ${n(r.mixed.writes)} | ${f(r.mixed.seenWithin)} |`);
}
const b = results[0].bytes;
console.log(`\none list page (50 comments): ${n(b.identity)} B plain, ${n(b.gzip)} B gzip, ${n(b.br)} B brotli`);
