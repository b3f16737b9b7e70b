// Balasan's module entry, for bundlers: mount and unmount (as on window.Balasan), and the
// <balasan-form> element.
//
// Every file a form may fetch is named below by a literal `new URL('./file',
// import.meta.url)` (written in by scripts/package.mjs), the one form that Vite, webpack,
// Rollup (with @web/rollup-plugin-import-meta-assets) and esbuild (with
// @chialab/esbuild-plugin-meta-url) all follow: each emits the files with its build and
// rewrites their URLs. The loader gets those URLs (the map) and fetches only what a form
// needs. They are not pinned with the published files' hashes: after a bundler they are
// the site's own files, and a bundler may rewrite them (webpack minifies .js assets). The
// script tag from a CDN keeps its pins.
//
// The loader comes as a classic script, as on any page: one copy of the widget's state per
// page, whether a site also has the tag or not.
const FILES = /*FILES*/ {};

let loading = null;

function loader() {
  if (window.Balasan && window.Balasan.mount) return Promise.resolve(window.Balasan);
  return (loading = loading || new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = FILES['embed.js'];
    script.balasanFiles = FILES;
    script.onload = () => ok(window.Balasan);
    script.onerror = () => {
      loading = null; // a later call tries again
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
    return 'it came but was refused (see the lines above)';
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

/** The element's attributes that are HTML's own, not the form's settings. */
const HTML_ATTRIBUTES = new Set(['class', 'style', 'id', 'slot', 'hidden', 'part', 'tabindex', 'is']);

/**
 * `<balasan-form endpoint="…" post-id="…">`: the form, mounted while the element is in the
 * document and unmounted when it leaves; its attributes are the script tag's `data-*`
 * without `data-` (`text-reply-title`, `field-source`…). Changing one mounts the form
 * again with it (an app that shows another article in the same element). `mounted`: the
 * latest mount's promise.
 */
// (Where there is no DOM, as in a server-side render, the module still imports.)
const Element_ = typeof HTMLElement == 'undefined' ? class {} : HTMLElement;

export class BalasanForm extends Element_ {
  constructor() {
    super();
    this.mounted = undefined;
    this.settled = null; // the settings the form is mounted with
    this.queued = false;
    new MutationObserver(() => this.settle()).observe(this, { attributes: true });
  }

  connectedCallback() {
    this.settle();
  }

  disconnectedCallback() {
    this.settle();
  }

  /** The settings from the attributes, as mount() takes them. */
  options() {
    const options = {};
    for (const a of this.attributes) {
      if (!HTML_ATTRIBUTES.has(a.name) && !a.name.startsWith('aria-')) options[a.name] = a.value;
    }
    return options;
  }

  /**
   * Once per task's changes: a framework that moves the element (out and back in) or sets
   * its attributes one by one mounts it once, with all of them.
   */
  settle() {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(() => {
      this.queued = false;
      if (!this.isConnected) {
        if (this.settled != null) unmount(this);
        this.settled = null;
        return;
      }
      const options = this.options();
      const settled = JSON.stringify(options);
      if (settled === this.settled) return;
      this.settled = settled;
      this.mounted = mount(this, options);
      this.mounted.catch(() => {}); // in the console already; `mounted` rejects for whoever awaits it
    });
  }
}

if (typeof customElements != 'undefined' && !customElements.get('balasan-form')) {
  customElements.define('balasan-form', BalasanForm);
}
