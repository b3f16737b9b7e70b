/*! Balasan embed loader: https://github.com/ (see README) */
// The one script a site adds. A classic script (not a module) so that it can read its own
// tag: its data-* attributes configure the widget, its URL says where the rest lives.
//
// HTML first: it puts the form on the page at once, from a template rendered at build time
// from the widget's own components (prerender/), with its stylesheet, so the reader can
// read and type before any wasm arrives; the form is a real <form method="post"> that
// sends on its own to backends that take form posts. The wasm loads on the reader's first
// touch of the form, or when the browser is idle near it, and takes the form over in place
// (src/mount.rs): text, caret and focus stay. No error escapes into the host page.
(() => {
  'use strict';
  let script = document.currentScript;
  // From the module entry (npm/index.js): each file's URL as the site's bundler emitted
  // it, with no pins (the bundle is the site's own, and a bundler may rewrite a file).
  // Without it, the files are next to this script, pinned.
  let files = script && script.balasanFiles;
  let base = script ? script.src.replace(/[^/]*$/, '') : '';
  let at = (file) => (files ? files[file] : base + file);
  // Written in at build time (scripts/post-build.mjs): the files' SRI hashes, the form's
  // template with the texts of every language, and the default stylesheet.
  let HASHES = files ? {} : /*INTEGRITY*/ {};
  // Presets whose code is in a backend's own wasm, balasan-<backend>.js (the rest: balasan.js),
  // and the presets that may list: a form whose list does not show loads the glue and wasm
  // without the list, balasan[-<backend>]-nolist.js.
  let BACKENDS = /*BACKENDS*/ {};
  let LISTING = /*LISTING*/ [];
  let FORM = /*FORM*/ {};
  let CSS = /*CSS*/ '';

  // Backends a plain form post reaches, and what their fields are called there.
  let FORM_POSTS = { balasan: 1, 'wordpress-form': 1, formspree: 1, staticman: 1 };
  let STATICMAN = { comment: 'fields[message]', author: 'fields[name]', email: 'fields[email]', url: 'fields[url]' };

  // A console line, and the error to reject with.
  function warn(what) {
    console.error((what = 'balasan: ' + what));
    return Error(what);
  }

  function kebab(s) {
    return s.replace(/[A-Z]/g, (c) => {
      return '-' + c.toLowerCase();
    });
  }

  // Options ({endpoint, postId, texts: {...}, ...}) → [['data-endpoint', '…'], …]. The
  // loader's own options go along too: the widget checks and reports every setting.
  function pairs(options) {
    let out = [];
    let nested = { texts: 'text-', extraFields: 'field-', headers: 'header-' };
    Object.keys(options).forEach((key) => {
      let value = options[key];
      if (nested[key] && value && typeof value == 'object') {
        Object.keys(value).forEach((k) => {
          out.push(['data-' + nested[key] + k, String(value[k])]);
        });
      } else {
        out.push(['data-' + kebab(key), String(value)]);
      }
    });
    return out;
  }

  // Options in one shape: kebab-case keys, texts as text-<key>.
  function flat(options) {
    let o = {};
    pairs(options).forEach((p) => {
      o[p[0].slice(5)] = p[1];
    });
    return o;
  }

  function integrity(el, file) {
    if (HASHES[file]) {
      el.integrity = HASHES[file];
      el.crossOrigin = 'anonymous';
    }
  }

  function esc(s, attribute) {
    return s.replace(attribute ? /[&<>"]/g : /[&<>]/g, (c) => {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c];
    });
  }

  // Fills the template (the same algorithm as prerender/src/template.rs, which checks it
  // against the components' HTML for every combination).
  function expand(parts, fill) {
    let out = '';
    parts.forEach((p) => {
      if (typeof p == 'string') {
        out += p;
      } else if (p[0] == 0) {
        let text = fill.texts[p[1]];
        let at = text.indexOf('%s');
        let piece = p[2] == 'w' ? text
          : p[2] == 'b' ? (at < 0 ? text : text.slice(0, at))
            : (at < 0 ? '' : text.slice(at + 2));
        // An empty text still makes a text node: the components render it as one space.
        out += p[3] ? esc(piece, 1) : piece ? esc(piece) : ' ';
      } else if (p[0] == 1) {
        out += fill.prefix;
      } else {
        out += expand(p[2][fill.switches[p[1]]], fill);
      }
    });
    return out;
  }

  // The settings that change the markup, read as the widget reads them (src/config/); a
  // bad value gets the default here and a console note from the widget.
  function language(o) {
    let tag = String(o.lang || '').toLowerCase().split(/[-_]/)[0];
    if (tag == 'in') tag = 'id';
    return FORM.texts[tag] ? tag : 'id';
  }

  // The template's switches for data-required: '1' where the field is required.
  function required(v) {
    let r = { author: '1', email: '1' };
    if (v == null) return r;
    let parsed = { author: '0', email: '0' };
    if (v.trim() == 'none') return parsed;
    let ok = v.split(/[, ]/).every((t) => {
      if (t == 'name' || t == 'author') parsed.author = '1';
      else if (t == 'email') parsed.email = '1';
      else return t == '';
      return true;
    });
    return ok ? parsed : r;
  }

  let THEMES = { light: 1, dark: 1, auto: 1 };

  function storage() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  // The draft's key, as src/storage.rs writes it.
  function draftKey(o) {
    let scope = /^[A-Za-z][\w-]*$/.test(o['id-prefix'] || '') ? o['id-prefix'] : '';
    return 'balasan:draft:' + scope + ':' + (o['post-id'] || location.pathname);
  }

  // ---- stylesheets ----

  let sheets = {};

  // Adopts `css` into `root` as a constructed sheet (made once per text, shared by every
  // root): applied before the next paint, no request, and allowed by a strict
  // Content-Security-Policy (it is not an inline <style>).
  function adopt(root, css) {
    let sheet = sheets[css];
    if (!sheet) {
      sheet = sheets[css] = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = root.adoptedStyleSheets.concat(sheet);
    }
  }
  // The default stylesheet (or the site's own); true when it is the constructed one, to
  // which the wasm's part (style/enhanced.css) is added when it comes.
  function stylesheet(root, o) {
    let own = o.stylesheet == null || o.stylesheet == '';
    if (o.stylesheet == 'none') return;
    if (own && root.adoptedStyleSheets && window.CSSStyleSheet && CSS) {
      try {
        adopt(root, CSS);
        return true;
      } catch (e) {
        // fall back to the file (which holds the wasm's part too)
      }
    }
    let href = own ? at('balasan.css') : new URL(o.stylesheet, location.href).href;
    let parent = root == document ? document.head : root;
    let link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    if (own) integrity(link, 'balasan.css');
    parent.appendChild(link);
  }

  // ---- the wasm ----

  let ready = {}; // glue file → its module, started
  let widgets = new Map(); // element → its widget
  // The glue (and with it the wasm) that carries a form's preset, and its list if it shows
  // (the wasm says so should it be wrong: src/config/list.rs): the glue is <name>.js, its
  // wasm <name>_bg.wasm.
  let glueOf = (w) => {
    let o = w.o;
    let preset = o.preset || 'balasan';
    let listed = o.list != 'off' && (o['list-url'] || LISTING.includes(preset));
    return 'balasan' + (BACKENDS[preset] ? '-' + BACKENDS[preset] : '') + (listed ? '' : '-nolist');
  };
  let load = (name) => {
    let glue = at(name + '.js');
    let bytes = at(name + '_bg.wasm');
    let file = glue; // the file being loaded, for the console
    let wasm;
    return (ready[name] = ready[name] || new Promise((ok, fail) => {
      // The wasm is asked for with its glue, not after it: a round trip less on a slow
      // network. The glue checks it against its pin before it runs (loader/glue.js), or,
      // without Web Crypto (outside HTTPS), fetches it pinned itself.
      if (crypto.subtle) (wasm = fetch(bytes)).catch(() => {});
      // A module script rather than import(): it takes an integrity pin in every browser,
      // and this file stays a plain script, which a dev server (Vite's) serves as it is.
      // The glue leaves its functions in window.Balasan.glues when it runs (loader/glue.js).
      let module = document.createElement('script');
      module.type = 'module';
      module.src = glue;
      integrity(module, name);
      module.onload = () => ok(B.glues[name]);
      module.onerror = fail;
      document.head.appendChild(module);
    })
      .then((m) => {
        file = bytes;
        return m.start(wasm, files).then(() => {
          return m;
        });
      })
      .catch((e) => {
        ready[name] = null; // let a later touch try again
        // (A script that is refused gives an Event, which says nothing.)
        throw warn('the widget could not be loaded from ' + file + ' (' + (e.message || 'refused') + ')');
      }));
  };

  // Loads the wasm each form needs (once) and lets it take over every form on the page that
  // it has not yet, in place (loader/glue.js, which comes with the wasm: takeover() and the
  // texts of a language the wasm does not carry). Its settings: the page's, over the texts.
  function enhance() {
    return Promise.all([...widgets.values()].map((w) => {
      let settings = (t) => pairs(Object.assign({}, t, w.options));
      return load(glueOf(w)).then((m) => m.takeover(w, language(w.o), settings, warn)).catch((e) => {
        missing(w); // the wasm, or its language's texts, did not come
        throw e;
      });
    }));
  }

  // Without the wasm there is no question to answer: the row goes (a backend that takes
  // form posts does not check it: the widget does), and a form that cannot send without the
  // wasm says so now rather than after the reader has written. A send tries again.
  function missing(w) {
    if (w.handle != null || !w.form) return;
    let row = w.form.querySelector('.comment-form-captcha');
    if (row) row.style.display = 'none';
    if (!w.posts) say(w, 'needs-script', w.pressed); // an alert once they pressed send
  }

  // A sentence in the reader's language, before or without the wasm, in the form's own
  // live regions (the widget keeps it there until the reader acts).
  let say = (w, key, alert) => {
    let lang = language(w.o);
    let text = w.o['text-' + key] || FORM.say[lang][key];
    w.form.querySelector('[role=alert]').textContent = alert ? text : '';
    w.form.querySelector('[role=status]').textContent = alert ? '' : text;
  };

  // ---- putting the form on the page ----

  // The id prefix the widget would pick: WordPress's ids for the first form of the page.
  function freePrefix(root) {
    if (root != document) return '';
    if (!document.getElementById('respond')) return '';
    for (let n = 2; ; n++) {
      if (!document.getElementById('balasan' + n + '-respond')) return 'balasan' + n + '-';
    }
  }

  // A form the page already has (a WordPress theme's comment_form(), or the form for
  // readers without scripts, dist/form/<lang>.html): what to keep of it.
  function adopted(el) {
    let respond = el.matches('#respond, .comment-respond') ? el : el.querySelector('#respond, .comment-respond');
    let form = respond && respond.querySelector('form');
    if (!form) return null;
    let hidden = [].filter.call(form.elements, (f) => {
      return f.type == 'hidden' && f.name;
    }).map((f) => {
      return [f.name, f.value];
    });
    let values = {};
    ['comment', 'author', 'email', 'url'].forEach((name) => {
      let f = form.elements[name];
      values[name] = (f && f.value) || '';
    });
    return {
      respond: respond,
      // Ours (the included form): only its address and article are the site's.
      ours: respond.classList.contains('balasan'),
      action: form.getAttribute('action'),
      hidden: hidden,
      classes: [respond.className, form.className],
      values: values,
    };
  }

  function insert(el, options) {
    el.classList.add('balasan-host');
    let theirs = adopted(el);
    if (theirs) {
      // The theme's form stays in charge of where comments go: its address, its post id,
      // its hidden fields (nonces and the like) go with every comment.
      let given = flat(options);
      let ours = theirs.ours;
      if (!given.endpoint && theirs.action) options.endpoint = theirs.action;
      if (!given.preset && !ours) options.preset = 'wordpress-form';
      // The theme prints the list itself: its reply links move this form.
      if (!given.list && !ours) options.list = 'off';
      theirs.hidden.forEach((h) => {
        if (h[0] == 'comment_post_ID' || (ours && h[0] == 'post')) {
          if (!given['post-id']) options['post-id'] = h[1];
        } else if (!ours && h[0] != 'comment_parent' && given['field-' + h[0]] == null) {
          options['field-' + h[0]] = h[1];
        }
      });
    }
    let o = flat(options);
    // One form per article and backend: a second (the tag pasted twice, two widgets for one
    // article) would show the same comments under the same ids, and its reply links would
    // move the other form. The first one on the page serves the article.
    let post = o['post-id'] || location.pathname;
    let key = o.endpoint && o.endpoint + ' ' + post;
    if (key && articles[key] && articles[key].host.isConnected) {
      throw 'data-post-id ' + post + ': the article has a form on this page already';
    }
    // The document, or the shadow root of a component the form is in (its styles go there).
    let root = el.getRootNode();
    let container = el;
    if (theirs) {
      container = document.createElement('div');
      container.className = 'balasan-host';
      theirs.respond.replaceWith(container);
    }
    if (o.isolation == 'shadow') {
      root = container.shadowRoot || container.attachShadow({ mode: 'open' });
      container = root;
    }
    let host = document.createElement('div');
    let w = (articles[key] = { el: el, options: options, o: o, host: host, root: root, form: null, shown: Date.now(), key: key });
    let done;
    w.enhanced = new Promise((ok) => {
      done = ok;
    });
    w.done = done;
    w.sheet = stylesheet(root, o);
    container.appendChild(host);
    if (!o.endpoint) {
      // Nothing to send to: the widget shows its notice and names the attribute.
      widgets.set(el, w);
      return w;
    }
    let lang = language(o);
    let need = required(o.required);
    let captcha = o.captcha != 'off';
    let prefix = /^[A-Za-z][\w-]*$/.test(o['id-prefix'] || '') ? o['id-prefix'] : freePrefix(root);
    let texts = FORM.texts[lang].slice();
    FORM.keys.forEach((key, i) => {
      if (o['text-' + key] != null) texts[i] = o['text-' + key];
    });
    host.innerHTML = expand(FORM.parts, {
      texts: texts,
      prefix: prefix,
      switches: {
        author: need.author,
        email: need.email,
        captcha: captcha ? 'on' : 'off',
        theme: THEMES[o.theme] ? o.theme : 'light',
        lang: lang,
      },
    });
    let find = (id) => {
      return host.querySelector('[id="' + prefix + id + '"]');
    };
    let form = (w.form = find('commentform'));
    w.prefix = prefix;
    if (theirs) {
      find('respond').className += ' ' + theirs.classes[0];
      form.className += ' ' + theirs.classes[1];
    }
    // Out of sight: the honeypot's inline style does not apply under a strict CSP.
    let hp = host.querySelector('.balasan-hp');
    if (hp) {
      hp.style.position = 'absolute';
      hp.style.left = '-10000px';
    }
    // What the reader wrote before: the draft, and their name with their consent.
    let store = storage();
    let draft = store && store.getItem(draftKey(o));
    let identity = store && store.getItem('balasan:identity');
    let values = theirs ? theirs.values : {};
    if (draft) values.comment = draft;
    if (identity) {
      identity = identity.split('\n');
      values.author = identity[0];
      values.email = identity[1] || '';
      values.url = identity[2] || '';
      find('wp-comment-cookies-consent').checked = true;
    }
    Object.keys(values).forEach((k) => {
      if (values[k]) find(k).value = values[k];
    });
    sendable(w, o, form, prefix, post);
    widgets.set(el, w);
    // Keep the draft while the wasm is not there yet.
    form.addEventListener('compositionstart', () => {
      w.composing = 1;
    });
    form.addEventListener('compositionend', () => {
      w.composing = 0;
    });
    form.addEventListener('input', (e) => {
      w.typed = Date.now();
      if (w.handle == null && store && e.target == find('comment')) {
        try {
          if (e.target.value) store.setItem(draftKey(o), e.target.value);
          else store.removeItem(draftKey(o));
        } catch (x) {
          // a full or blocked storage keeps the text on screen only
        }
      }
    });
    returned(w, o, store);
    return w;
  }

  // What the form needs to send without the wasm: the backend's address and names, the
  // article, and a key so a double post is stored once; for backends that take only JSON,
  // a plain sentence instead of a post.
  function sendable(w, o, form, prefix, thread) {
    let preset = o.preset || 'balasan';
    // A question the server asks and checks itself comes only with the wasm.
    let posts = (w.posts = FORM_POSTS[preset] && o.captcha != 'server');
    let hidden = {};
    let canonical = document.querySelector('link[rel=canonical]');
    let pageUrl = canonical ? canonical.href : location.origin + location.pathname;
    if (posts) form.setAttribute('action', o.endpoint);
    if (preset == 'balasan') {
      hidden = { post: thread, page_url: pageUrl, page_title: document.title, lang: language(o), redirect: '1' };
    } else if (preset == 'wordpress-form') {
      hidden = { comment_post_ID: thread, comment_parent: '0' };
    } else if (preset == 'staticman') {
      hidden = { 'options[slug]': thread, 'options[origin]': pageUrl, 'options[redirect]': pageUrl + '#balasan=pending' };
      Object.keys(STATICMAN).forEach((name) => {
        let f = form.elements[name];
        if (f) f.name = STATICMAN[name];
      });
    } else if (preset == 'formspree') {
      hidden = { _subject: document.title };
    }
    Object.keys(o).forEach((k) => {
      if (k.startsWith('field-')) hidden[k.slice(6)] = o[k];
    });
    if (preset == 'balasan') {
      hidden.elapsed_ms = '';
      hidden.idempotency_key = '';
    }
    let fields = document.createElement('div');
    let inputs = {};
    fields.hidden = true;
    Object.keys(hidden).forEach((name) => {
      let input = (inputs[name] = document.createElement('input'));
      input.type = 'hidden';
      input.name = name;
      input.value = hidden[name];
      input.setAttribute('form', prefix + 'commentform');
      fields.appendChild(input);
    });
    w.host.after(fields);
    w.fields = fields;
    form.addEventListener('submit', (e) => {
      if (w.handle != null) return; // the widget sends
      if (!posts) {
        e.preventDefault();
        say(w, 'needs-script', (w.pressed = true));
        enhance().catch(() => {});
        return;
      }
      let key = inputs.idempotency_key;
      if (key) inputs.elapsed_ms.value = String(Date.now() - w.shown); // they come together
      if (key && !key.value) {
        key.value = [].map.call(crypto.getRandomValues(new Uint8Array(16)), (b) => {
          return (b + 256).toString(16).slice(1);
        }).join('');
      }
    });
  }

  // Back from a plain form post: the reference server says how it went in the address
  // (#balasan=sent or #balasan=pending), WordPress by pointing at the new comment.
  function returned(w, o, store) {
    let hash = location.hash;
    let m = /^#balasan=(sent|pending)$/.exec(hash);
    if (!m && !/^#comment-\d+$/.test(hash)) return;
    if (store) store.removeItem(draftKey(o));
    w.host.querySelector('textarea').value = '';
    say(w, m && m[1] == 'pending' ? 'awaiting-moderation' : 'sent', false);
    if (m) history.replaceState(history.state, '', location.pathname + location.search);
  }

  // The wasm comes on the reader's first touch of the form, or when the browser is idle
  // near it, whichever is first.
  function wake(w) {
    let start = () => {
      mark('start');
      enhance().then(() => {
        mark('ready');
      }, () => {});
    };
    // A comment written offline waits in this browser: the wasm comes at once to send it.
    // So it does for a link to the comments (#comments, #comment-N), on arrival or
    // followed later: only the wasm's list has them, and it goes there once it shows.
    let linked = () => {
      return /^#comment(s$|-)/.test(location.hash);
    };
    if (w.o.load == 'eager' || !window.IntersectionObserver || queued() || linked()) return start();
    let touches = ['focusin', 'pointerdown', 'input'];
    let once = () => {
      touches.forEach((t) => {
        w.host.removeEventListener(t, once, true);
      });
      removeEventListener('hashchange', followed);
      if (io) io.disconnect();
      start();
    };
    let followed = () => {
      if (linked() && w.host.isConnected) once(); // not after an unmount
    };
    addEventListener('hashchange', followed);
    touches.forEach((t) => {
      w.host.addEventListener(t, once, true);
    });
    let io = new IntersectionObserver((entries) => {
      if (!entries.some((e) => { return e.isIntersecting; })) return;
      io.disconnect();
      io = null;
      (window.requestIdleCallback || setTimeout)(() => {
        once();
      }, { timeout: 2000 });
    }, { rootMargin: '100% 0px' });
    io.observe(w.host);
  }

  function queued() {
    let store = storage();
    return store && Object.keys(store).some((k) => k.startsWith('balasan:queue:'));
  }

  // Performance marks let a site (and scripts/bench.mjs) time the start-up.
  function mark(name) {
    performance.mark('balasan:' + name);
  }

  let B = window.Balasan;
  // Every form on the page by article, whichever copy of this script put it there.
  let articles = (B && B.articles) || {};
  if (!B) {
    let unmount = (el) => {
      let w = widgets.get(el);
      if (!w) return;
      widgets.delete(el);
      if (articles[w.key] == w) delete articles[w.key];
      let handle = w.handle;
      if (handle != null && handle >= 0) w.m.unmount(handle);
      w.handle = -1; // no takeover after this
      w.host.remove();
      if (w.fields) w.fields.remove();
      if (el.shadowRoot) el.shadowRoot.textContent = '';
    };

    // Mounts a form into `el`; resolves once the widget has taken it over. Mounting again
    // replaces the form, so calling this twice is safe; only the latest call mounts.
    let mount = (el, options) => {
      unmount(el);
      let w;
      try {
        w = insert(el, Object.assign({}, options));
      } catch (e) {
        return Promise.reject(warn(e));
      }
      return enhance().then(() => {
        if (widgets.get(el) == w) return w.enhanced;
      });
    };

    B = window.Balasan = { mount: mount, unmount: unmount, articles: articles, glues: {} };
  }

  if (!script) return;
  mark('loader');
  try {
    let options = {};
    [].forEach.call(script.attributes, (a) => {
      if (a.name.startsWith('data-')) options[a.name.slice(5)] = a.value;
    });
    // A tag without settings only brings window.Balasan, for pages that mount by script.
    if (!Object.keys(options).length) return;
    let el = options.target && document.querySelector(options.target);
    if (options.target && !el) warn('data-target: nothing matches ' + options.target);
    // The form for readers without scripts, where the page includes it, is replaced.
    el = el || [...document.querySelectorAll('.comment-respond.balasan')].find((r) => !r.closest('.balasan-host'));
    if (!el) {
      el = document.createElement('div');
      script.parentNode.insertBefore(el, script.nextSibling);
    }
    let w = insert(el, options);
    mark('shown');
    wake(w);
  } catch (e) {
    warn(e);
  }
})();
