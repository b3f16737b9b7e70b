// Balasan's module entry, for bundlers: mount and unmount (as on window.Balasan), and the
// <balasan-form> element.
//
// Every file a form may fetch is named below by a literal `new URL('./file',
// import.meta.url)` (written in by scripts/package.mjs), the one form that Vite, webpack,
// Rollup (with @web/rollup-plugin-import-meta-assets) and esbuild (with
// @chialab/esbuild-plugin-meta-url) all follow: each emits the files with its build and
// rewrites their URLs. The loader gets those URLs (the map) and fetches only what a form
// needs. They are not pinned with the published files' hashes: after a bundler they are
// the site's own files, and a bundler may rewrite them (webpack minifies .js assets).
// This module itself served from a CDN, unbundled, keeps the pins, as the script tag does.
//
// The loader comes as a classic script, as on any page: one copy of the widget's state per
// page, whether a site also has the tag or not.
const FILES = /*FILES*/ {};
/** embed.js's SRI hash (written in by scripts/package.mjs); it pins what it loads in turn. */
const PIN = /*PIN*/ '';
// Not a literal `new URL(…, import.meta.url)`: bundlers leave this one alone.
const HERE = import.meta.url;

/**
 * True where this module is the published file on another origin (a CDN): the files are
 * the published ones beside it, and the loader finds and pins them itself. After a
 * bundler the URLs are rewritten (hashed names, or a build-time file: URL for this module),
 * and on the page's own origin (a dev server, which may rewrite files) nothing is pinned.
 */
const PUBLISHED = (() => {
  try {
    const here = new URL(HERE);
    return here.origin !== location.origin && FILES['embed.js'] === new URL('embed.js', here).href;
  } catch {
    return false; // no `location` (a server-side render)
  }
})();

let loading = null;

function loader() {
  if (window.Balasan && window.Balasan.mount) return Promise.resolve(window.Balasan);
  return (loading = loading || new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = FILES['embed.js'];
    if (PUBLISHED) {
      script.integrity = PIN;
      script.crossOrigin = 'anonymous';
    } else {
      script.balasanFiles = FILES;
    }
    // A file that is not the loader (an HTML page in its place) loads, and runs nothing.
    script.onload = () => (window.Balasan ? ok(window.Balasan) : script.onerror());
    script.onerror = () => {
      loading = null; // a later call tries again
      script.remove();
      fail(new Error(`balasan: the loader could not be loaded from ${script.src}`));
    };
    document.head.appendChild(script);
  }).catch(explain));
}

/**
 * Why a file the widget needs did not come (its status, or the wrong type of file), added
 * to `error` when its message names one of the files: a script that is refused tells its
 * page nothing more. Rejects with the Error, logged.
 */
function explain(error) {
  const message = String((error && error.message) || error);
  const url = Object.values(FILES).find((u) => message.includes(u));
  if (!url) throw error;
  return fetch(url).then((r) => {
    if (!r.ok) return `HTTP ${r.status} ${r.statusText}`.trim();
    const type = r.headers.get('Content-Type') || 'none';
    if (/\.m?js$/.test(new URL(url, location.href).pathname) && !/javascript|ecmascript/i.test(type)) {
      return `it is not served as JavaScript (Content-Type: ${type})`;
    }
    return PUBLISHED
      ? 'it came but was refused: not the published file (its integrity pin), or it did not run (see the lines above)'
      : 'it came but did not run (see the lines above)';
  }, (e) => `it could not be fetched (${e.message})`).then((why) => {
    const explained = new Error(`balasan: ${url} could not be loaded: ${why}`, { cause: error });
    console.error(explained.message);
    throw explained;
  });
}

/** Each element's latest mount() call, so that one made before the loader came and
 * unmounted (or mounted again) since does not mount when it comes. */
const latest = new WeakMap();

/**
 * Puts the form into `element` at once and loads the widget; resolves once the widget has
 * taken the form over, and rejects with an Error naming the file that did not come and
 * why. Mounting again replaces the form (the latest call wins).
 */
export function mount(element, options) {
  const call = {};
  latest.set(element, call);
  return loader().then((balasan) => {
    if (latest.get(element) !== call) return undefined; // unmounted or mounted again meanwhile
    return balasan.mount(element, options).catch(explain);
  });
}

/** Removes the form from `element`. */
export function unmount(element) {
  latest.delete(element);
  if (window.Balasan && window.Balasan.unmount) window.Balasan.unmount(element);
}

/** Resolves once the loader is on the page (window.Balasan is defined). */
export function ready() {
  return loader().then(() => undefined);
}

/**
 * The settings an element's attributes may give (the script tag's `data-*`, README), with
 * or without `data-`; `text-`, `field-` and `header-` ones by prefix. Other attributes
 * (`class`, `title`, a framework's `data-v-…` or `_ngcontent-…`) are the page's, not the
 * form's.
 */
const SETTINGS = new Set(['endpoint', 'preset', 'post-id', 'title', 'lang', 'required', 'captcha',
  'captcha-url', 'captcha-ops', 'captcha-max', 'captcha-blank', 'encoding', 'fields', 'idempotency',
  'credentials', 'timeout', 'queue-days', 'list', 'list-url', 'order', 'depth', 'per-page', 'theme',
  'id-prefix', 'isolation', 'stylesheet', 'load']);

/** The settings by their letters alone (`postid` → `post-id`), to name a misspelt one. */
const LOOSELY = new Map([...SETTINGS].map((name) => [name.replaceAll('-', ''), name]));

/** Elements whose form was refused (another of the page's forms has their article). */
const waiting = new Set();

// (Where there is no DOM, as in a server-side render, the module still imports.)
const Element_ = typeof HTMLElement == 'undefined' ? class {} : HTMLElement;

/**
 * `<balasan-form endpoint="…" post-id="…">`: the form, mounted while the element is in the
 * document and unmounted when it leaves; its attributes are the script tag's `data-*`,
 * with or without `data-` (`text-reply-title`, `field-source`…). Changing one mounts the
 * form again with it (an app that shows another article in the same element). `mounted`:
 * the latest mount's promise.
 */
export class BalasanForm extends Element_ {
  /** The settings the form is mounted with, as compared. */
  #settled = null;
  #queued = false;
  /** Misspelt settings named in the console already. */
  #named = new Set();

  constructor() {
    super();
    this.mounted = undefined;
    new MutationObserver(() => this.#settle()).observe(this, { attributes: true });
  }

  connectedCallback() {
    this.#settle();
  }

  disconnectedCallback() {
    this.#settle();
  }

  /**
   * The settings from the attributes, as mount() takes them, in a stable order. Other
   * `data-*` ones go too, so that the widget names a misspelt one in the console (but a
   * framework's own, Vue's `data-v-…`); a plain attribute that is a setting but for its
   * hyphens (`postid`) is named here.
   */
  #options() {
    const options = {};
    for (const { name, value } of [...this.attributes].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const key = name.replace(/^data-/, '');
      // `title` is the element's tooltip: the article's title is `data-title`.
      if (name === 'title') continue;
      if (SETTINGS.has(key) || /^(text|field|header)-./.test(key) || (name !== key && !key.startsWith('v-'))) {
        options[key] = value;
      } else if (LOOSELY.has(key.replaceAll('-', '')) && !this.#named.has(name)) {
        this.#named.add(name); // once, however often the settings are read
        console.error(`balasan: <balasan-form ${name}>: not a setting; ${LOOSELY.get(key.replaceAll('-', ''))}?`);
      }
    }
    return options;
  }

  /**
   * Once per task's changes: a framework that moves the element (out and back in) or sets
   * its attributes one by one mounts it once, with all of them.
   */
  #settle() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.isConnected) {
        waiting.delete(this);
        if (this.#settled == null) return;
        this.#settled = null;
        unmount(this);
        // Its article may be free now for a form that waited (views that overlap a moment).
        for (const el of waiting) {
          waiting.delete(el);
          el.#settle();
        }
        return;
      }
      const options = this.#options();
      const settled = JSON.stringify(options);
      if (settled === this.#settled) return;
      this.#settled = settled;
      waiting.delete(this);
      const mounted = (this.mounted = mount(this, options));
      mounted.catch(() => {
        // In the console already; `mounted` rejects for whoever awaits it. Tried again when
        // another form leaves the page.
        if (this.mounted !== mounted) return;
        this.#settled = null;
        waiting.add(this);
      });
    });
  }
}

if (typeof customElements != 'undefined' && !customElements.get('balasan-form')) {
  customElements.define('balasan-form', BalasanForm);
}
