// The size gate (scripts/size.mjs) on the built dist/: it passes the shipped budget, and it
// fails, saying why, for a file over its limit, for a limit that is missing, and for a
// budgeted file the build did not make. A gate that a renamed key switches off is no gate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './harness.mjs';

const shipped = JSON.parse(readFileSync(join(root, 'size-budget.json'), 'utf8'));

/** Runs the gate with the shipped budget changed by `change`: its exit code and what it said. */
function gate(change = (b) => b) {
  const dir = mkdtempSync(join(tmpdir(), 'balasan-budget-'));
  try {
    const file = join(dir, 'size-budget.json');
    writeFileSync(file, JSON.stringify(change(structuredClone(shipped))));
    const run = spawnSync(process.execPath, [join(root, 'scripts/size.mjs'), '--budget', file], { encoding: 'utf8' });
    return { status: run.status, said: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The gate fails and names `what`. */
function fails(result, what) {
  assert.equal(result.status, 1, result.said);
  assert.match(result.said, /over budget:/, result.said);
  assert.match(result.said, what, result.said);
}

test('the shipped budget passes', () => {
  const { status, said } = gate();
  assert.equal(status, 0, said);
});

// Each run reports every problem it finds, so one run checks several.
test('a file over its limit fails the gate', () => {
  const result = gate((b) => ({ ...b, total_brotli: 1000, takeover_brotli: 900, lang_brotli: 10 }));
  fails(result, /total: \d+ B brotli, limit 1000 B/);
  fails(result, /until the takeover: \d+ B brotli, limit 900 B/);
  fails(result, /lang\/en\.json: \d+ B brotli, limit 10 B/);
});

test('a limit that is missing fails the gate, each by name', () => {
  const result = gate((b) => {
    delete b.loader_brotli;
    delete b.lang_brotli;
    delete b.takeover_brotli;
    delete b.backends_brotli['balasan-isso'];
    return { ...b, total_brotli: '65900' };
  });
  for (const key of ['loader_brotli', 'lang_brotli', 'total_brotli', 'takeover_brotli']) {
    fails(result, new RegExp(`no limit \\(size-budget.json's ${key} is missing or not a number\\)`));
  }
  fails(result, /balasan-isso \(total\): no limit/);
});

test('a budgeted file the build did not make fails the gate', () => {
  const result = gate((b) => ({
    ...b,
    files: [...b.files, 'balasan-ekstra.js'],
    backends_brotli: { ...b.backends_brotli, 'balasan-hilang': 60000 },
  }));
  fails(result, /balasan-ekstra\.js: in the budget, but the build did not make dist\/balasan-ekstra\.js/);
  fails(result, /balasan-hilang: in backends_brotli, but the build did not make dist\/balasan-hilang\.js/);
});
