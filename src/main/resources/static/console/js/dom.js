// Building the DOM without HTML strings: every text from the server goes in as text, never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'hidden', 'required', 'readOnly', 'selected', 'multiple',
  'open', 'indeterminate', 'min', 'max', 'step', 'minLength', 'maxLength', 'type', 'name', 'placeholder', 'accept',
  'rows', 'autocomplete', 'tabIndex', 'href', 'title', 'id', 'htmlFor', 'src', 'sandbox']);

function append(parent, child) {
  if (child === null || child === undefined || child === false) {
    return;
  }
  if (Array.isArray(child)) {
    child.forEach((c) => append(parent, c));
    return;
  }
  parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

/**
 * h('a', {href: '#/x', class: 'button', on: {click: fn}, 'aria-label': '...'}, 'text', node, [more])
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    } else if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) {
        el.addEventListener(event, handler);
      }
    } else if (key === 'for') {
      el.htmlFor = value;
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (PROPERTIES.has(key)) {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/** An SVG element; attributes are set as attributes (no inline style anywhere). */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined && value !== false) {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let ids = 0;

/** A unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  ids += 1;
  return `${prefix}-${ids}`;
}

// --- words and numbers ----------------------------------------------------------------------------

const DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const NUMBER = new Intl.NumberFormat();

export function date(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : DATE.format(d);
}

/** A <time> element with the date in words and the exact instant as its datetime. */
export function time(iso) {
  if (!iso) {
    return '–';
  }
  return h('time', { datetime: new Date(iso).toISOString(), title: new Date(iso).toISOString() }, date(iso));
}

export function number(n) {
  return n === null || n === undefined ? '–' : NUMBER.format(n);
}

/** Milliseconds as "340 ms" or "1.2 s". */
export function ms(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(value < 10000 ? 1 : 0)} s`;
}

/** An offset as m:ss (or h:mm:ss). */
export function clock(msValue) {
  if (msValue === null || msValue === undefined) {
    return '';
  }
  const total = Math.max(0, Math.round(msValue / 1000));
  const s = String(total % 60).padStart(2, '0');
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours ? `${hours}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(0)} KB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** READY → "Ready", NOT_ASKED → "Not asked". */
export function words(constant) {
  if (!constant) {
    return '';
  }
  const text = String(constant).toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(n, one, many = `${one}s`) {
  return `${number(n)} ${n === 1 ? one : many}`;
}
