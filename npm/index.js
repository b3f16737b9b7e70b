// Balasan's module entry, for bundlers and <script type="module">: mount and unmount, as
// on window.Balasan. The loader (embed.js) and the widget's files are found next to this
// module (new URL(…, import.meta.url)): from a CDN that is the package's folder; after a
// bundler it is the bundle's, so copy the package's files there (see README.md).
//
// The loader comes as a classic script, as on any page: one copy of the widget's state per
// page, whether a site also has the tag or not. Its hash is written in by
// scripts/package.mjs, and it carries the hashes of the files it loads in turn.
const HASHES = /*INTEGRITY*/ {};

let loading = null;

function loader() {
  if (window.Balasan && window.Balasan.mount) return Promise.resolve(window.Balasan);
  return (loading = loading || new Promise((ok, fail) => {
    const script = document.createElement('script');
    script.src = new URL('./embed.js', import.meta.url).href;
    if (HASHES['embed.js']) {
      script.integrity = HASHES['embed.js'];
      script.crossOrigin = 'anonymous';
    }
    script.onload = () => ok(window.Balasan);
    script.onerror = () => {
      loading = null; // a later call tries again
      fail(new Error(`balasan: the loader could not be loaded from ${script.src}`));
    };
    document.head.appendChild(script);
  }));
}

/**
 * Puts the form into `element` at once and loads the widget; resolves once the widget has
 * taken the form over. Mounting again replaces the form (the latest call wins).
 */
export function mount(element, options) {
  return loader().then((balasan) => balasan.mount(element, options));
}

/** Removes the form from `element`. */
export function unmount(element) {
  if (window.Balasan && window.Balasan.unmount) window.Balasan.unmount(element);
}

/** Resolves once the loader is on the page (window.Balasan is defined). */
export function ready() {
  return loader().then(() => undefined);
}
