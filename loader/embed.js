/*! Balasan embed loader: https://github.com/ (see README) */
// The one script a site adds. A classic script (not a module) so that it can read its own
// tag: its data-* attributes configure the widget, its URL says where the rest lives.
// It loads nothing else until the form nears the viewport, reserves the form's space so
// the page does not jump, and never lets an error escape into the host page.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = script ? script.src.replace(/[^/]*$/, '') : '';
  // Subresource integrity of the files below, written in at build time.
  var HASHES = /*INTEGRITY*/ {};

  function warn(what) {
    console.error('balasan: ' + what);
  }

  function kebab(s) {
    return s.replace(/[A-Z]/g, function (c) {
      return '-' + c.toLowerCase();
    });
  }

  // Options ({endpoint, postId, texts: {...}, ...}) → [['data-endpoint', '…'], …]. The
  // loader's own options go along too: the widget checks and reports every setting.
  function pairs(options) {
    var out = [];
    var nested = { texts: 'text-', extraFields: 'field-', headers: 'header-' };
    Object.keys(options).forEach(function (key) {
      var value = options[key];
      var name = kebab(key);
      if (nested[key] && value && typeof value == 'object') {
        Object.keys(value).forEach(function (k) {
          out.push(['data-' + nested[key] + k, String(value[k])]);
        });
      } else {
        out.push(['data-' + name, String(value)]);
      }
    });
    return out;
  }

  function integrity(el, file) {
    if (HASHES[file]) {
      el.integrity = HASHES[file];
      el.crossOrigin = 'anonymous';
    }
  }

  var B = window.Balasan;
  if (!B) {
    var ready = null;
    var mounted = new Map(); // element → its widget {m: module, h: handle}
    var turns = new Map(); // element → the mount call that may fill it

    // The widget's module and wasm, fetched and started once for every widget on the page.
    var load = function () {
      return (ready = ready || new Promise(function (ok, fail) {
        var glue = base + 'balasan.js';
        var link = document.createElement('link');
        // A module preload is the one way to give an imported module an integrity check.
        if (!link.relList || !link.relList.supports('modulepreload')) return ok();
        link.rel = 'modulepreload';
        link.href = glue;
        integrity(link, 'balasan.js');
        link.onload = ok;
        link.onerror = fail;
        document.head.appendChild(link);
      })
        .then(function () {
          return import(base + 'balasan.js');
        })
        .then(function (m) {
          var w = 'balasan_bg.wasm';
          var wasm = fetch(base + w, HASHES[w] ? { integrity: HASHES[w] } : {});
          return m.default({ module_or_path: wasm }).then(function () {
            return m;
          });
        })
        .catch(function (e) {
          ready = null; // let a later mount try again
          throw e;
        }));
    };

    var stylesheet = function (root, href, own) {
      var parent = root == document ? document.head : root;
      var present = [].some.call(parent.querySelectorAll('link[rel=stylesheet]'), function (l) {
        return l.href == href;
      });
      if (present) return;
      var link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      if (own) integrity(link, 'balasan.css');
      parent.appendChild(link);
    };

    var unmount = function (el) {
      turns.delete(el);
      var widget = mounted.get(el);
      if (widget) {
        mounted.delete(el);
        widget.m.unmount(widget.h);
      }
      if (el.shadowRoot) el.shadowRoot.textContent = '';
    };

    // Mounts a form into `el`; resolves once it is on the page. Mounting again replaces
    // the form, so calling this twice is safe; only the latest call mounts.
    var mount = function (el, options) {
      options = options || {};
      unmount(el);
      var turn = {};
      turns.set(el, turn);
      var root = document;
      var host = el;
      if (options.isolation == 'shadow') {
        root = el.shadowRoot || el.attachShadow({ mode: 'open' });
        host = root.appendChild(document.createElement('div'));
      }
      var sheet = options.stylesheet;
      if (sheet != 'none') {
        stylesheet(root, sheet ? new URL(sheet, location.href).href : base + 'balasan.css', !sheet);
      }
      return load().then(
        function (m) {
          if (turns.get(el) != turn) return;
          mounted.set(el, { m: m, h: m.mount(host, pairs(options)) });
          el.style.minHeight = '';
        },
        function (e) {
          warn('the widget could not be loaded from ' + base + ' (' + e + ')');
          if (turns.get(el) == turn) {
            host.textContent = /^en/.test(options.lang)
              ? 'The comment form could not be loaded. Reload the page to try again.'
              : 'Formulir komentar gagal dimuat. Muat ulang halaman untuk mencoba lagi.';
          }
          throw e;
        }
      );
    };

    B = window.Balasan = { mount: mount, unmount: unmount };
  }

  if (!script) return;
  try {
    var options = {};
    [].forEach.call(script.attributes, function (a) {
      if (a.name.indexOf('data-') == 0) options[a.name.slice(5)] = a.value;
    });
    // A tag without settings only brings window.Balasan, for pages that mount by script.
    if (!Object.keys(options).length) return;
    var el = options.target && document.querySelector(options.target);
    if (!el) {
      if (options.target) warn('data-target: nothing matches ' + options.target);
      el = document.createElement('div');
      script.parentNode.insertBefore(el, script.nextSibling);
    }
    el.className += ' balasan-host';
    // Keep the form's place until it is there: its measured height is about 47em, 50em
    // on narrow phones where the consent text wraps more (data-reserve sets pixels).
    el.style.minHeight = options.reserve ? options.reserve + 'px' : (el.clientWidth < 420 ? 50 : 47) + 'em';
    // Performance marks let a site (and scripts/bench.mjs) time the start-up.
    var mark = function (name) {
      if (window.performance && performance.mark) performance.mark('balasan:' + name);
    };
    var start = function () {
      mark('start');
      B.mount(el, options).then(function () {
        mark('ready');
      }, function () {});
    };
    if (options.load == 'eager' || !window.IntersectionObserver) {
      start();
    } else {
      // Start one screen ahead, so the form is ready when the reader gets there.
      var io = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) {
            io.disconnect();
            start();
          }
        },
        { rootMargin: '100% 0px' }
      );
      io.observe(el);
    }
  } catch (e) {
    warn(e);
  }
})();
