// Short import names for the wasm and its glue, written after wasm-bindgen and wasm-opt.
//
// wasm-bindgen names each function the wasm imports from its glue like
// `__wbg_createDocumentFragment_03425220e761f796`, from the module "./balasan_bg.js": 126
// names of ~35 bytes, each in both files, their random hex suffixes all but
// incompressible. They are only names: the wasm asks for what the glue's import object
// holds under that key. Renaming both sides alike (a, b, …, module "w") changes nothing
// else and saves about 2 KB brotli. wasm-opt's own --minify-imports only renames
// Emscripten's "env" imports.
//
// The same holds for what the wasm exports to its glue: wasm-bindgen's own functions
// (`__wbindgen_malloc`, and closure shims named like
// `wasm_bindgen_8999ec673cc711d4___convert__closures_____invoke___js_sys_…`, up to 334
// bytes each) are only read by the glue as properties of its wasm instance, so they become
// `_a`, `_b`, … on both sides (0.5 KB brotli). `mount`, `unmount` and `memory` keep their
// names.
//
// A wasm import section is: count, then per import the module name, the field name (each a
// LEB128 length and UTF-8 bytes), a kind byte and its description. An export section is:
// count, then per export its name, a kind byte and an index.

const SHORT_MODULE = 'w';

/** The LEB128 number at `at`, and where it ends. */
export function uleb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return [value, at];
  }
}

function encodeUleb(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** Where an import's description ends, from its kind byte at `at`. */
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = uleb(bytes, p);
    if (flags & 1) [, p] = uleb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return uleb(bytes, at)[1]; // function: type index
    case 1: return limits(at + 1); // table: element type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return uleb(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`imports: unknown import kind ${kind}`);
  }
}

/** a, b, …, z, A, …, Z, aa, ab, … */
function shortName(i) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let name = '';
  do {
    name = letters[i % letters.length] + name;
    i = Math.floor(i / letters.length) - 1;
  } while (i >= 0);
  return name;
}

/**
 * The wasm and its glue with the glue's imports renamed on both sides. Throws when the glue
 * does not hold a name the wasm imports exactly once as a key (a wasm-bindgen whose glue
 * looks different), so a build never ships the two out of step.
 */
export function shortenImports(wasm, glue, outName = 'balasan') {
  // wasm-bindgen's module name for the glue: `./<out-name>_bg.js`.
  const MODULE = `./${outName}_bg.js`;
  const text = new TextDecoder();
  const utf8 = new TextEncoder();
  const out = [wasm.subarray(0, 8)];
  const renamed = new Map();
  const exported = new Map();
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, start] = uleb(wasm, at + 1);
    const end = start + size;
    if (id === 7) {
      let [count, p] = uleb(wasm, start);
      const section = encodeUleb(count);
      while (count-- > 0) {
        let len;
        [len, p] = uleb(wasm, p);
        let name = text.decode(wasm.subarray(p, p + len));
        p += len;
        const [, descEnd] = uleb(wasm, p + 1); // kind byte, index
        if (BINDGEN_EXPORT.test(name)) {
          const short = `_${shortName(exported.size)}`;
          exported.set(name, short);
          name = short;
        }
        const bytes = utf8.encode(name);
        section.push(...encodeUleb(bytes.length), ...bytes, ...wasm.subarray(p, descEnd));
        p = descEnd;
      }
      out.push(Uint8Array.from([7, ...encodeUleb(section.length), ...section]));
      at = end;
      continue;
    }
    if (id !== 2) {
      out.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = uleb(wasm, start);
    const section = encodeUleb(count);
    while (count-- > 0) {
      let len;
      [len, p] = uleb(wasm, p);
      const module = text.decode(wasm.subarray(p, p + len));
      p += len;
      [len, p] = uleb(wasm, p);
      const field = text.decode(wasm.subarray(p, p + len));
      p += len;
      const descEnd = skipDescription(wasm, p);
      let [newModule, newField] = [module, field];
      if (module === MODULE) {
        newModule = SHORT_MODULE;
        if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
        newField = renamed.get(field);
      }
      for (const name of [newModule, newField]) {
        const bytes = utf8.encode(name);
        section.push(...encodeUleb(bytes.length), ...bytes);
      }
      section.push(...wasm.subarray(p, descEnd));
      p = descEnd;
    }
    out.push(Uint8Array.from([2, ...encodeUleb(section.length), ...section]));
    at = end;
  }

  let js = glue;
  const key = JSON.stringify(MODULE);
  if (js.split(key).length !== 2) throw new Error(`imports: the glue does not name ${MODULE} once`);
  js = js.replace(key, JSON.stringify(SHORT_MODULE));
  for (const [long, short] of renamed) {
    const asKey = new RegExp(`(?<=[{,])${long}(?=:)`, 'g');
    const found = js.match(asKey)?.length ?? 0;
    if (found !== 1) throw new Error(`imports: the glue holds ${long} ${found} times as a key`);
    js = js.replace(asKey, short);
  }
  for (const [long, short] of exported) {
    const asProperty = new RegExp(`(?<=\\.)${long}(?![\\w$])`, 'g');
    const found = js.match(asProperty)?.length ?? 0;
    // Only ever read as a property of the instance: anything else (a string, a
    // destructuring) would miss the new name.
    // (As a whole name: one export's name may start another's, `…_true_` and `…_true__1_`.)
    const anywhere = js.match(new RegExp(`(?<![\\w$])${long}(?![\\w$])`, 'g'))?.length ?? 0;
    if (found !== anywhere) {
      throw new Error(`imports: the glue uses the export ${long} other than as .${long}`);
    }
    js = js.replace(asProperty, short);
  }
  js = dropUnimported(js);
  return { wasm: Buffer.concat(out), glue: js, count: renamed.size, exports: exported.size };
}

/**
 * Removes the glue's functions for imports the wasm no longer has: wasm-bindgen writes one
 * for every import of the wasm it reads, and wasm-opt then drops the ones its code never
 * calls (`createElementNS`, for a renderer that only ever passes no namespace). Each is a
 * `__wbg_<name>_<hash>:function(…){…}` member of the imports object; one whose end cannot
 * be found for sure stops the build.
 */
function dropUnimported(js) {
  const key = /(?<=[{,])__wbg_\w+_[0-9a-f]{16}:function\(/g;
  let m;
  while ((m = key.exec(js)) !== null) {
    const open = js.indexOf('{', js.indexOf(')', m.index));
    const end = closing(js, open);
    const before = js[m.index - 1];
    const after = js[end + 1];
    if (end < 0 || !(after === ',' || after === '}')) {
      throw new Error(`imports: the glue's function ${m[0]} has no end the build can find`);
    }
    // The member and one comma next to it.
    const [from, to] = after === ',' ? [m.index, end + 2] : [before === ',' ? m.index - 1 : m.index, end + 1];
    js = js.slice(0, from) + js.slice(to);
    key.lastIndex = from;
  }
  return js;
}

/** The index of the `}` that closes the `{` at `open`, braces in strings skipped. */
function closing(js, open) {
  let depth = 0;
  for (let i = open; i < js.length; i++) {
    const c = js[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < js.length && js[i] !== c; i++) if (js[i] === '\\') i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Exports that only wasm-bindgen's glue reads. */
const BINDGEN_EXPORT = /^(wasm_bindgen_|__wbindgen_|__externref_)/;
