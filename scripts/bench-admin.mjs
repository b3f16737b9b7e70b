#!/usr/bin/env node
// The moderation app's start-up on the benchmark's phone profile (scripts/bench.mjs: CPU 4x
// slower, 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, 375 px): a moderator already logged
// in opens /admin/ with 500 comments pending, served by the reference server (release
// build, SQLite, dist/ with its precompressed files). Medians over several runs, cold cache
// each time, of:
//
// - navigation start → the queue usable: the first page of 50 comments drawn with their
//   buttons, and the counts (500 pending) in the tabs;
// - the bytes fetched until then, on the wire;
// - one approval: click → the comment gone and the next one focused (each run approves
//   one, so the queue holds 500 − run).
//
// A measurement, not a test: it never fails on a time.
//   node scripts/bench-admin.mjs [--runs N]   (after scripts/build.sh and
//   cargo build --release -p balasan-server)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { launch, root, startServer } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const PENDING = 500;
const PASSWORD = 'kopi-tubruk-pagi';
const release = join(root, 'target/release/balasan-server');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const server = await startServer(['--rate-burst', '100000'], { bin: release });
try {
  const added = spawnSync(release, [...server.store, 'moderator', 'add', 'sari'], { input: `${PASSWORD}\n`, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(added.stderr);
  for (let i = 1; i <= PENDING; i += 1) {
    const r = await fetch(`${server.url}api/comments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        post: `berita-${i % 20}`, author: `Pembaca ${i}`, email: `pembaca${i}@contoh.id`, url: '', parent: null, hp: '',
        content: `Komentar ke-${i}: warga berharap saluran irigasi selesai sebelum musim tanam, agar panen tahun ini lebih baik.`,
      }),
    });
    if (r.status !== 202) throw new Error(`seeding: ${r.status} ${await r.text()}`);
  }
  const browser = await launch();
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const login = await context.request.post(`${server.url}admin/api/login`, {
      data: { name: 'sari', password: PASSWORD }, headers: { Origin: server.origin },
    });
    if (login.status() !== 200) throw new Error(`login: ${login.status()}`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', NETWORK);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.goto(`${server.url}admin/`);
    await page.waitForFunction((n) => document.querySelectorAll('li.comment button').length >= 50 * 3
      && document.querySelector('nav button')?.textContent.includes(`(${n})`), PENDING - run, { timeout: 120_000, polling: 'raf' });
    const usable = await page.evaluate(() => performance.now());
    const fetched = bytes;
    const first = page.locator('li.comment').first();
    const id = await first.getAttribute('data-id');
    const clicked = await page.evaluate(() => performance.now());
    await first.getByRole('button', { name: 'Setujui' }).click();
    await page.waitForFunction((gone) => !document.querySelector(`li.comment[data-id="${gone}"]`)
      && document.activeElement?.tagName === 'H2', id, { timeout: 60_000, polling: 'raf' });
    const approved = await page.evaluate(() => performance.now()) - clicked;
    results.push({ usable, fetched, approved });
    await context.close();
  }
  await browser.close();
  console.log(`Moderation app, ${PENDING} pending, median of ${runs} runs, 375 px, CPU 4x slower, 150 ms RTT, 1.6/0.75 Mbit/s`);
  console.log(`  navigation → queue usable (50 drawn, counts)  ${median(results.map((r) => r.usable)).toFixed(0)} ms`);
  console.log(`  fetched until then                            ${(median(results.map((r) => r.fetched)) / 1024).toFixed(1)} KB on the wire`);
  console.log(`  approve → gone, next comment focused          ${median(results.map((r) => r.approved)).toFixed(0)} ms`);
} finally {
  await server.stop();
}
