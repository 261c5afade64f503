// The console's building blocks: page headers, status badges, notices, tables that sort and
// filter, fields, dialogs, copy buttons, progress.

import { h, uid, words, number } from './dom.js';
import { explain } from './api.js';

export function pageHeader({ title, lead, crumbs, badge: status, actions }) {
  return h('div', { class: 'page-header' },
    h('div', null,
      crumbs ? h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, crumbs) : null,
      h('div', { class: 'title-line' }, h('h1', { tabIndex: -1 }, title), status || null),
      lead ? h('p', { class: 'lead' }, lead) : null),
    actions ? h('div', { class: 'actions' }, actions) : null);
}

export function badge(status, text) {
  if (!status) {
    return '';
  }
  return h('span', { class: `badge badge--${String(status).toLowerCase()}` }, text || words(status));
}

/** kind: error (announced at once), warn, info, ok. */
export function notice(kind, title, ...body) {
  return h('div', { class: `notice notice--${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    title ? h('strong', null, title) : null,
    body.map((b) => (typeof b === 'string' ? h('p', null, b) : b)));
}

export function errorNotice(error, title = 'That did not work') {
  const readOnly = error && error.slug === 'admin-key-read-only';
  return notice('error', readOnly ? 'This key may only read' : title, explain(error));
}

export function emptyState(title, text, ...actions) {
  return h('div', { class: 'empty card' }, h('h2', null, title), h('p', null, text),
    actions.length ? h('div', { class: 'form-actions', 'data-center': '' }, actions) : null);
}

export function card(title, ...children) {
  const id = uid('section');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), children);
}

/** A card with a header line (title and actions). */
export function cardWithActions(title, actions, ...children) {
  const id = uid('section');
  return h('section', { class: 'card', 'aria-labelledby': id },
    h('div', { class: 'card-header' }, h('h2', { id }, title), actions), children);
}

export function toast(text) {
  const region = document.getElementById('toasts');
  const item = h('div', { class: 'toast' }, text);
  region.append(item);
  while (region.children.length > 3) {
    region.firstElementChild.remove();
  }
  setTimeout(() => item.remove(), 4000);
}

/** A labelled form control with an optional hint (wired with aria-describedby). */
export function field(label, control, hint, { inline = false } = {}) {
  if (!control.id) {
    control.id = uid('field');
  }
  let hintEl = null;
  if (hint) {
    hintEl = h('span', { class: 'hint', id: uid('hint') }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: inline ? 'field inline' : 'field' },
    inline ? [control, h('label', { for: control.id }, label)] : [h('label', { for: control.id }, label), control], hintEl);
}

export function select(options, selected, props = {}) {
  return h('select', props, options.map((option) => {
    const [value, text] = Array.isArray(option) ? option : [option, words(option)];
    return h('option', { value, selected: String(value) === String(selected ?? '') }, text);
  }));
}

/** Disables a button while the promise runs; answers the promise. */
export async function busy(button, promise) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await promise;
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

/**
 * A slot whose content is replaced (for form errors, results, views that refresh). A
 * <details data-key> the reader opened stays open when the content is replaced.
 */
export function slot(props = {}) {
  const el = h('div', props);
  el.show = (...content) => {
    const open = new Set([...el.querySelectorAll('details[data-key][open]')].map((d) => d.dataset.key));
    el.replaceChildren(...content.flat().filter((c) => c !== null && c !== undefined));
    el.querySelectorAll('details[data-key]').forEach((d) => {
      if (open.has(d.dataset.key)) {
        d.open = true;
      }
    });
  };
  el.clear = () => el.replaceChildren();
  return el;
}

/**
 * A form handled here (never submitted to a URL): the browser checks the fields, then
 * onSubmit(form) runs with the submit button busy; an error appears in the form, in words.
 */
export function form(props, children, onSubmit) {
  const errors = slot({ class: 'form-errors' });
  const el = h('form', props, children, errors);
  el.errors = errors;
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!el.reportValidity()) {
      return;
    }
    errors.clear();
    const button = event.submitter || el.querySelector('button[type="submit"]');
    try {
      if (button) {
        await busy(button, onSubmit(el));
      } else {
        await onSubmit(el);
      }
    } catch (error) {
      if (error && error.name === 'AbortError') {
        return;
      }
      errors.show(errorNotice(error));
    }
  });
  return el;
}

/** Asks for confirmation in a modal dialog; resolves true or false. */
export function confirm({ title, text, confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const titleId = uid('dialog');
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const ok = h('button', { type: 'button', class: danger ? 'danger solid' : 'primary' }, confirmLabel);
    const dialog = h('dialog', { 'aria-labelledby': titleId },
      h('h2', { id: titleId }, title),
      (Array.isArray(text) ? text : [text]).map((t) => (typeof t === 'string' ? h('p', null, t) : t)),
      h('div', { class: 'form-actions' }, cancel, ok));
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => close(false));
    ok.addEventListener('click', () => close(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    toast('Copied to the clipboard.');
  } catch {
    // No clipboard permission (or not a secure context): select it for Ctrl+C instead.
    toast('Copy was not allowed here: select the text and press Ctrl+C.');
  }
}

export function copyButton(label, text) {
  return h('button', { type: 'button', on: { click: () => copyText(typeof text === 'function' ? text() : text) } }, label);
}

/** A progress bar with a line of text; update(value, max, text). No value: indeterminate. */
export function progress(label) {
  const text = h('span', null, '');
  const detail = h('span', { class: 'muted' }, '');
  const bar = h('progress', { 'aria-label': label });
  const el = h('div', { class: 'progress' }, h('div', { class: 'progress-line' }, text, detail), bar);
  el.update = (value, max, line, extra = '') => {
    if (value === null || value === undefined) {
      bar.removeAttribute('value');
    } else {
      bar.max = max;
      bar.value = value;
    }
    text.textContent = line;
    detail.textContent = extra;
  };
  return el;
}

/**
 * A table that sorts (click a column title) and filters (a search box, and a select per
 * filter). columns: [{key, label, sort(row) → comparable, render(row) → node, num}]. update(rows)
 * replaces the rows, keeping sort and filters.
 */
export function dataTable({ caption, columns, rows, search, filters = [], sort, empty, rowClass, tools: extraTools = [] }) {
  const state = { rows: rows || [], key: sort ? sort.key : null, dir: sort ? sort.dir : 'asc', text: '', filters: {} };
  const captionId = uid('table');
  const countEl = h('span', { class: 'count', 'aria-live': 'polite' });
  const tools = h('div', { class: 'table-tools' }, extraTools);
  if (search) {
    const input = h('input', { type: 'search', placeholder: 'Type to filter', autocomplete: 'off' });
    input.addEventListener('input', () => {
      state.text = input.value.trim().toLowerCase();
      render();
    });
    tools.append(field(`Filter ${caption.toLowerCase()}`, input));
  }
  for (const filter of filters) {
    const choice = select([['', 'All'], ...filter.options.map((o) => (Array.isArray(o) ? o : [o, words(o)]))], '');
    choice.addEventListener('change', () => {
      state.filters[filter.label] = choice.value;
      render();
    });
    tools.append(field(filter.label, choice));
  }
  tools.append(countEl);

  const headCells = columns.map((column) => {
    const th = h('th', { scope: 'col', class: column.num ? 'num' : null });
    if (column.sort) {
      const button = h('button', { type: 'button', class: 'sort' }, column.label);
      button.addEventListener('click', () => {
        state.dir = state.key === column.key && state.dir === 'asc' ? 'desc' : 'asc';
        state.key = column.key;
        render();
      });
      th.append(button);
    } else {
      th.append(column.label);
    }
    return th;
  });
  const tbody = h('tbody');
  const table = h('table', { 'aria-labelledby': captionId },
    h('caption', { id: captionId, class: 'sr-only' }, caption),
    h('thead', null, h('tr', null, headCells)), tbody);
  const emptyEl = h('div');
  const wrap = h('div', { class: 'table-wrap' }, table);
  const el = h('div', { class: 'data-table' }, tools, wrap, emptyEl);

  function visible() {
    let list = state.rows.filter((row) => {
      if (state.text && !String(search(row) || '').toLowerCase().includes(state.text)) {
        return false;
      }
      return filters.every((filter) => !state.filters[filter.label] || String(filter.value(row)) === state.filters[filter.label]);
    });
    const column = columns.find((c) => c.key === state.key);
    if (column && column.sort) {
      const factor = state.dir === 'asc' ? 1 : -1;
      list = [...list].sort((a, b) => {
        const x = column.sort(a);
        const y = column.sort(b);
        if (x === y) {
          return 0;
        }
        if (x === null || x === undefined) {
          return 1;
        }
        if (y === null || y === undefined) {
          return -1;
        }
        return (x < y ? -1 : 1) * factor;
      });
    }
    return list;
  }

  function render() {
    columns.forEach((column, i) => {
      if (column.sort) {
        headCells[i].setAttribute('aria-sort', state.key === column.key ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      }
    });
    const list = visible();
    tbody.replaceChildren(...list.map((row) => h('tr', { class: rowClass ? rowClass(row) : null },
      columns.map((column, i) => (i === 0
        ? h('th', { scope: 'row', class: column.num ? 'num' : null }, column.render(row))
        : h('td', { class: column.num ? 'num' : null }, column.render(row)))))));
    const filtered = state.text || Object.values(state.filters).some(Boolean);
    countEl.textContent = filtered ? `${number(list.length)} of ${number(state.rows.length)} shown` : `${number(state.rows.length)} in all`;
    wrap.hidden = list.length === 0;
    emptyEl.hidden = list.length !== 0;
    emptyEl.replaceChildren(...(state.rows.length === 0 && empty ? [empty] : [h('p', { class: 'empty' }, 'Nothing matches the filter.')]));
    tools.hidden = state.rows.length === 0 && extraTools.length === 0;
  }

  render();
  el.update = (next) => {
    state.rows = next;
    render();
  };
  return el;
}

/** A definition list of [term, value] pairs; pairs with a null value are left out. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter((p) => p && p[1] !== null && p[1] !== undefined && p[1] !== '')
    .map(([term, value]) => [h('dt', null, term), h('dd', null, value)]));
}
