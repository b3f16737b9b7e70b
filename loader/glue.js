// Appended to wasm-bindgen's glue (balasan.js) by scripts/post-build.mjs, in its scope
// (`__wbg_get_imports` and `__wbg_finalize_init` are the glue's own): what the loader
// takes from the glue besides `mount`. It comes with the wasm, so none of it weighs on the
// form's first paint (the loader's budget).

/** The wasm's SRI hash, written in once the wasm is final (and its name, for a backend's own). */
const WASM = '@WASM_SRI@';

/**
 * Starts the wasm (once; again after a failure): `asked`, the response the loader asked
 * for together with this file, or else fetched here from next to this file. Its bytes must
 * match the pinned hash before it runs: the glue pins what it loads, as the loader pins the
 * glue. (Where the page has no Web Crypto, outside HTTPS, it is fetched again, pinned by
 * `fetch` itself.) It stands in for wasm-bindgen's `__wbg_init`, whose other ways in (a
 * path, bytes, a module, `initSync`) the widget never takes.
 */
let started = null;
export function start(asked) {
  let url = new URL(/*WASM_FILE*/ 'balasan_bg.wasm', import.meta.url);
  let subtle = globalThis.crypto && crypto.subtle;
  return (started = started || (subtle && asked || fetch(url, { integrity: WASM }))
    .then((r) => {
      if (!r.ok) throw new Error(r.status + ' fetching ' + r.url);
      // Compiled while it downloads, unless the server does not say application/wasm;
      // checked once it is all there.
      let streams = r.headers.get('Content-Type') == 'application/wasm';
      let bytes = (streams ? r.clone() : r).arrayBuffer();
      return Promise.all([
        streams ? WebAssembly.compileStreaming(r) : bytes.then((b) => WebAssembly.compile(b)),
        subtle && bytes.then((b) => subtle.digest('SHA-384', b)),
      ]);
    })
    .then(([module, digest]) => {
      if (digest && 'sha384-' + btoa(String.fromCharCode(...new Uint8Array(digest))) != WASM) {
        throw new Error(url + ' does not match its pin');
      }
      return WebAssembly.instantiate(module, __wbg_get_imports()).then((instance) => {
        return __wbg_finalize_init(instance, module);
      });
    })
    .catch((e) => {
      started = null; // the next takeover tries again
      throw e;
    }));
}

/** What only the wasm shows (style/enhanced.css, minified), for the loader to adopt. */
export const enhancedCss = /*ENHANCED_CSS*/ '';

/** SRI hashes of lang/<tag>.json: the texts of the languages the wasm does not carry. */
const LANGS = /*LANGS*/ {};
const loading = {};

/**
 * The texts of `lang` as the loader's options (`{"text-reply-title": …}`), fetched once from
 * lang/<tag>.json next to this file; `{}` for Indonesian, whose texts the wasm carries.
 */
export function texts(lang) {
  if (!LANGS[lang]) return Promise.resolve({});
  let url = new URL('lang/' + lang + '.json', import.meta.url);
  return (loading[lang] = loading[lang] || fetch(url, { integrity: LANGS[lang] })
    .then((r) => r.json())
    .catch((e) => {
      loading[lang] = null; // the next takeover tries again
      console.error('balasan: the texts could not be loaded from ' + url + ' (' + e + ')');
      throw e;
    }));
}
