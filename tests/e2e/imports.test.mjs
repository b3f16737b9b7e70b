// scripts/imports.mjs on the built widget: every import the wasm makes from its glue gets a
// short name on both sides, and a glue that does not match the wasm stops the build. (That
// the renamed pair runs is what every other end-to-end test shows.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dist } from './harness.mjs';
import { shortenImports } from '../../scripts/imports.mjs';

// Each glue with its wasm: balasan.js with balasan_bg.wasm, balasan-<backend>.js with its
// own, each also without the list (-nolist).
const pairs = ['', '-wordpress', '-isso', '-forms'].flatMap((b) => [`balasan${b}`, `balasan${b}-nolist`]).map((name) => ({
  name,
  wasm: readFileSync(join(dist, `${name}_bg.wasm`)),
  glue: readFileSync(join(dist, `${name}.js`), 'utf8'),
}));

test('the shipped wasm imports short names from one short module, each a key of the glue', () => {
  for (const { name, wasm, glue } of pairs) {
    const all = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
    // A wasm with the list links its list's own wasm through one loader, which the split
    // names (scripts/backends.mjs; the glue holds it, scripts/post-build.mjs).
    const split = all.filter((i) => i.module === './__wasm_split.js').map((i) => i.name);
    assert.deepEqual(split, name.endsWith('-nolist') ? [] : ['__wasm_split_load_list'], name);
    if (split.length) assert.match(glue, /"\.\/__wasm_split\.js":\s*\w+/, `${name}.js links the list's wasm`);
    const imports = all.filter((i) => i.module !== './__wasm_split.js');
    assert.ok(imports.length > 50, `${name}: ${imports.length} imports`);
    for (const { module, name: field } of imports) {
      assert.equal(module, 'w', name);
      assert.ok(field.length <= 2, `${name}: ${field}`);
      assert.match(glue, new RegExp(`[{,]${field}:`), `${name}.js has ${field}`);
    }
    // wasm-bindgen's import names end in a 16-digit hash (`__wbg_fetch_4a86b5d5b3b9ab58`).
    // (Its own `__wbg_ptr` property and the `__wbg_…_free` exports of the classes that
    // Leptos's dependencies export are not imports.)
    const long = glue.match(/__wbg_\w+_[0-9a-f]{16}\b/g);
    assert.equal(long, null, `no long import name is left in ${name}.js`);
    assert.ok(glue.includes(`"${name}_bg.wasm"`), `${name}.js loads its own wasm`);
  }
});

test('what wasm-bindgen exports to its glue has short names too; the widget\'s own API keeps its names', () => {
  for (const { name, wasm, glue } of pairs) {
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
    for (const own of ['memory', 'mount', 'unmount']) assert.ok(exports.includes(own), `${name}: ${own}`);
    assert.ok(!exports.some((n) => /^(wasm_bindgen_|__wbindgen_|__externref_)/.test(n)), exports.join(' '));
    assert.ok(exports.filter((n) => /^_[a-zA-Z]+$/.test(n)).length >= 5, exports.join(' '));
    assert.ok(!glue.includes('__wbindgen_') && !glue.includes('convert__closures'), `no long export name in ${name}.js`);
  }
});

test('a wasm and a glue out of step stop the build', () => {
  const longWasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0,
    // type section: one function type () -> ()
    1, 4, 1, 0x60, 0, 0,
    // import section: "./balasan_bg.js" "__wbg_x_1" function 0
    2, 30, 1, 15, ...Buffer.from('./balasan_bg.js'), 9, ...Buffer.from('__wbg_x_1'), 0, 0]);
  const good = shortenImports(longWasm, '{"./balasan_bg.js":{__proto__:null,__wbg_x_1:function(){}}}');
  assert.equal(good.glue, '{"w":{__proto__:null,a:function(){}}}');
  assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(good.wasm)),
    [{ module: 'w', name: 'a', kind: 'function' }]);
  assert.throws(() => shortenImports(longWasm, '{"./balasan_bg.js":{__proto__:null,__wbg_y_2:function(){}}}'),
    /holds __wbg_x_1 0 times/);
  assert.throws(() => shortenImports(longWasm, '{"./other.js":{}}'), /does not name/);

  // An export the glue reads as w.__wbindgen_start() is renamed there; one it names in a
  // string would be missed, so the build stops.
  const exporting = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0,
    1, 4, 1, 0x60, 0, 0,
    // function section: one function of type 0
    3, 2, 1, 0,
    // export section: "__wbindgen_start" function 0
    7, 20, 1, 16, ...Buffer.from('__wbindgen_start'), 0, 0,
    // code section: one empty body
    10, 4, 1, 2, 0, 0x0b]);
  const glueOf = (use) => `const i={"./balasan_bg.js":{__proto__:null}};${use}`;
  const renamed = shortenImports(exporting, glueOf('w.__wbindgen_start();'));
  assert.equal(renamed.glue, 'const i={"w":{__proto__:null}};w._a();');
  assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(renamed.wasm)),
    [{ name: '_a', kind: 'function' }]);
  assert.throws(() => shortenImports(exporting, glueOf('w["__wbindgen_start"]();')), /other than as/);
});
