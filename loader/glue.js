// Appended to wasm-bindgen's glue (balasan.js) by scripts/post-build.mjs, in its scope
// (`__wbg_get_imports` and `__wbg_finalize_init` are the glue's own): what the loader
// takes from the glue besides `mount`. It comes with the wasm, so none of it weighs on the
// form's first paint (the loader's budget).

/** The wasm's SRI hash, written in once the wasm is final (and its name, for a backend's own). */
const WASM = '@WASM_SRI@';

/**
 * Where the widget's files are: the URLs the module entry got from the site's bundler
 * (npm/index.js, through the loader), or else next to this file.
 */
let FILES = null;
const at = (file) => (FILES ? FILES[file] : new URL(file, import.meta.url));

/**
 * Starts the wasm (once; again after a failure): `asked`, the response the loader asked
 * for together with this file (where it has Web Crypto), or else fetched here; `files`,
 * the bundled files' URLs, if the module entry gave them. Its bytes must
 * match the pinned hash before it runs: the glue pins what it loads, as the loader pins the
 * glue. (Where the page has no Web Crypto, outside HTTPS, it is fetched again, pinned by
 * `fetch` itself.) It stands in for wasm-bindgen's `__wbg_init`, whose other ways in (a
 * path, bytes, a module, `initSync`) the widget never takes.
 */
let started = null;
export function start(asked, files) {
  FILES = files;
  let url = at(/*WASM_FILE*/ 'balasan_bg.wasm');
  // Bundled files are the site's own and not pinned (see loader/embed.js).
  let pin = files ? '' : WASM;
  let subtle = pin && globalThis.crypto && crypto.subtle;
  return (started = started || (asked || fetch(url, { integrity: pin }))
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

/** What only the wasm shows (style/enhanced.css, minified), added to the loader's sheet. */
const enhancedCss = /*ENHANCED_CSS*/ '';
let sheet = null;

/**
 * The wasm takes the loader's pre-rendered form over, in place, once the texts of its
 * language are there: `w` is the loader's record of the form (loader/embed.js insert():
 * host, form, prefix, shown, sheet, root; `handle`, `m` and `done()` are set here),
 * `settings(texts)` its settings as attribute pairs, `warn` the loader's console line.
 * It lives here, not in the loader, because it runs only once the wasm has come: none of
 * it weighs on the form's first paint.
 */
export function takeover(w, lang, settings, warn) {
  return texts(lang).then((t) => take(w, settings(t), warn));
}

function take(w, pairs, warn) {
  if (w.handle != null) return;
  // A word the reader is composing (a phone keyboard's suggestions, an input method) is
  // not cut off: the takeover waits for its end, or for a second without typing.
  if (w.composing && Date.now() - w.typed < 1000) {
    return new Promise((ok) => {
      setTimeout(() => ok(take(w, pairs, warn)), 100);
    });
  }
  let host = w.host;
  if (w.form) {
    host.setAttribute('data-balasan-pre', '');
    host.setAttribute('data-balasan-ids', w.prefix);
    host.setAttribute('data-balasan-shown', String(w.shown));
    host.setAttribute('data-balasan-restored', '');
  }
  // The stylesheet's part for what only the wasm shows, next to the loader's part.
  if (w.sheet) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(enhancedCss);
    }
    let root = w.root;
    if (root.adoptedStyleSheets.indexOf(sheet) < 0) root.adoptedStyleSheets = root.adoptedStyleSheets.concat(sheet);
  }
  try {
    w.handle = mount(host, pairs);
    w.m = { unmount };
    // For tests and sites: the form is the widget's now.
    host.setAttribute('data-balasan-live', '');
  } catch (e) {
    // The pre-rendered form stays and still sends where the backend takes form posts.
    w.handle = -1;
    warn('the widget could not take the form over (' + e + ')');
  }
  w.done();
}

/** SRI hashes of lang/<tag>.json: the texts of the languages the wasm does not carry. */
const LANGS = /*LANGS*/ {};
const loading = {};

/**
 * The texts of `lang` as the loader's options (`{"text-reply-title": …}`), fetched once from
 * lang/<tag>.json next to this file; `{}` for Indonesian, whose texts the wasm carries.
 */
export function texts(lang) {
  if (!LANGS[lang]) return Promise.resolve({});
  let url = at('lang/' + lang + '.json');
  return (loading[lang] = loading[lang] || fetch(url, { integrity: FILES ? '' : LANGS[lang] })
    .then((r) => r.json())
    .catch((e) => {
      loading[lang] = null; // the next takeover tries again
      e = 'balasan: the texts could not be loaded from ' + url + ' (' + e.message + ')';
      console.error(e);
      throw new Error(e); // naming the file for mount()
    }));
}

// The loader runs this file as a module script (loader/embed.js): what it uses of it, under
// this glue's name. (A page that imports the file itself has its exports as usual.)
if (globalThis.Balasan) (Balasan.glues ||= {})[/*GLUE_NAME*/ 'balasan'] = { start, takeover };
