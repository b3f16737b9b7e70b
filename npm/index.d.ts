// Types of Balasan's JS API: `import { mount } from 'balasan'`, or `window.Balasan` after
// the script tag, and the <balasan-form> element. Options are the README's data-*
// attributes without `data-`, in camelCase; the element's attributes, in kebab-case.

/** The backends Balasan can send to. */
export type Preset =
  | 'balasan'
  | 'wordpress-rest'
  | 'wordpress-form'
  | 'isso'
  | 'staticman'
  | 'formspree'
  | 'custom';

export interface Options {
  /** URL that receives the comment (required). */
  endpoint: string;
  /** The backend; `balasan` by default. */
  preset?: Preset;
  /** The article's id at the backend (e.g. a WordPress post id); the page path by default. */
  postId?: string | number;
  /** The article's title (the list's heading); the page's `og:title`, first `h1` or `<title>` by default. */
  title?: string;
  /** `id` (default), `en` or `ms`; region tags such as `id-ID` work. */
  lang?: string;
  /** Which of name and email are required: `name`, `email`, `name,email` (default) or `none`. */
  required?: 'name' | 'email' | 'name,email' | 'none';
  /** The math question: `on` (default), `off`, or `server` (a signed challenge). */
  captcha?: 'on' | 'off' | 'server';
  captchaUrl?: string;
  captchaOps?: string;
  captchaMax?: number | string;
  captchaBlank?: 'result' | 'operand' | 'any';
  /** `custom` preset: `json` (default) or `form`. */
  encoding?: 'json' | 'form';
  /** `custom` preset: `slot:name` pairs, e.g. `content:pesan, hp:-`. */
  fields?: string;
  idempotency?: 'on' | 'off';
  credentials?: 'omit' | 'same-origin' | 'include';
  /** Seconds to wait for an answer, 1–120 (default 20). */
  timeout?: number | string;
  /** Days a comment written offline waits in the browser for the connection, 0–30 (default 3; 0: no queue). */
  queueDays?: number | string;
  /** The comment list above the form: `on` (default) or `off`. */
  list?: 'on' | 'off';
  listUrl?: string;
  order?: 'oldest' | 'newest';
  depth?: number | string;
  perPage?: number | string;
  theme?: 'light' | 'dark' | 'auto';
  idPrefix?: string;
  /** `page` (default: theme CSS applies) or `shadow` (styled through --balasan-* and ::part()). */
  isolation?: 'page' | 'shadow';
  /** `none`, or the URL of the site's own stylesheet. */
  stylesheet?: string;
  /** The script tag's: `lazy` (default: the wasm on first touch or when idle near) or `eager`. `mount()` loads it at once. */
  load?: 'lazy' | 'eager';
  /** Replaced strings, by key (`reply-title`, …); `%s` marks where a value goes. */
  texts?: Record<string, string>;
  /** Extra fields sent with every comment. */
  extraFields?: Record<string, string>;
  /** Extra request headers (the backend's CORS must allow them). */
  headers?: Record<string, string>;
  /** Any other attribute, in kebab-case (`'post-id'`); unknown ones are reported in the console. */
  [attribute: string]: unknown;
}

/**
 * The attributes of `<balasan-form>`: the script tag's `data-*`, without `data-` (or with
 * it); `text-<key>`, `field-<name>` and `header-<name>` too. Others are the page's and
 * left alone. The article's title is `data-title` (`title` is the element's tooltip).
 */
export interface FormAttributes {
  endpoint: string;
  preset?: Preset;
  'post-id'?: string | number;
  'data-title'?: string;
  lang?: string;
  required?: Options['required'];
  captcha?: Options['captcha'];
  'captcha-url'?: string;
  'captcha-ops'?: string;
  'captcha-max'?: number | string;
  'captcha-blank'?: Options['captchaBlank'];
  encoding?: Options['encoding'];
  fields?: string;
  idempotency?: Options['idempotency'];
  credentials?: Options['credentials'];
  timeout?: number | string;
  'queue-days'?: number | string;
  list?: Options['list'];
  'list-url'?: string;
  order?: Options['order'];
  depth?: number | string;
  'per-page'?: number | string;
  theme?: Options['theme'];
  'id-prefix'?: string;
  isolation?: Options['isolation'];
  stylesheet?: string;
}

/**
 * `<balasan-form endpoint="…" post-id="…">`: the form, mounted while the element is in the
 * document and unmounted when it leaves; a changed attribute mounts it again. (Browser
 * only: the module imports where there is no DOM, the element is not made there.)
 */
export class BalasanForm extends HTMLElement {
  /** The latest mount: resolves once the widget has taken the form over. */
  readonly mounted: Promise<void> | undefined;
}

/**
 * Puts the form into `element` and resolves once the widget has taken it over; rejects
 * with an Error naming the file that did not come and why.
 */
export function mount(element: Element, options: Options): Promise<void>;
/** Removes the form from `element`. */
export function unmount(element: Element): void;
/** Resolves once the loader is on the page. */
export function ready(): Promise<void>;

declare global {
  interface HTMLElementTagNameMap {
    'balasan-form': BalasanForm;
  }
  interface Window {
    Balasan?: {
      mount(element: Element, options: Options): Promise<void>;
      unmount(element: Element): void;
    };
  }
}
