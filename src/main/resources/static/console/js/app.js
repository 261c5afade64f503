// The console: sign-in with an admin key, the shell (navigation, sign-out) and the router.
// Pages live in the hash (#/records/…): the server serves one page, and no key is ever in a URL.

import { h } from './dom.js';
import { auth, get, explain, Problem } from './api.js';
import { notice, errorNotice } from './ui.js';
import { recordsPage, newRecordPage, recordPage } from './records.js';
import { interviewsPage, interviewPage } from './interviews.js';
import { sessionPage } from './sessions.js';
import { analysesPage, uploadPage, analysisPage } from './analyses.js';
import { activityPage, webhooksPage, privacyPage } from './admin.js';

const NAV = [
  ['#/records', 'Job records'],
  ['#/interviews', 'Interviews'],
  ['#/analyses', 'Analyses'],
  ['#/activity', 'Activity'],
  ['#/webhooks', 'Webhooks'],
  ['#/privacy', 'Privacy'],
];

const ROUTES = [
  [/^\/records$/, recordsPage],
  [/^\/records\/new$/, newRecordPage],
  [/^\/records\/([\w-]+)$/, recordPage],
  [/^\/interviews$/, interviewsPage],
  [/^\/interviews\/([\w-]+)$/, interviewPage],
  [/^\/sessions\/([\w-]+)$/, sessionPage],
  [/^\/analyses$/, analysesPage],
  [/^\/analyses\/new$/, uploadPage],
  [/^\/analyses\/([\w-]+)$/, analysisPage],
  [/^\/activity$/, activityPage],
  [/^\/webhooks$/, webhooksPage],
  [/^\/privacy$/, privacyPage],
];

const app = document.getElementById('app');
let current = null;
let readOnly = false;

function signInPage(message) {
  document.title = 'Sign in · flo interviewer console';
  const input = h('input', { id: 'admin-key', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false' });
  const error = h('div', { id: 'signin-message' });
  if (message) {
    error.append(notice('warn', null, message));
  }
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const formEl = h('form', { 'aria-describedby': 'signin-help' },
    h('div', { class: 'field' }, h('label', { for: 'admin-key' }, 'Admin API key'), input,
      h('span', { class: 'hint', id: 'signin-help' },
        'A key from ADMIN_API_KEYS, or the one the service printed at its first start. It is kept in this browser tab only, until you sign out or close the tab.')),
    error,
    h('div', { class: 'form-actions' }, button));
  formEl.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      input.focus();
      return;
    }
    button.disabled = true;
    error.replaceChildren(h('p', { role: 'status' }, 'Checking the key…'));
    try {
      await get('/api/records?limit=1', { key });
      auth.signIn(key);
      readOnly = false;
      shell();
    } catch (problem) {
      const text = problem instanceof Problem && problem.status === 401
        ? 'This key is not accepted: it is not one of the admin keys this service knows (ADMIN_API_KEYS). Check that it is complete, or ask whoever runs the service for a key.'
        : explain(problem);
      error.replaceChildren(notice('error', 'Not signed in', text));
      input.select();
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  app.replaceChildren(h('main', { id: 'main', class: 'signin' },
    h('img', { class: 'logo', src: '/console/favicon.svg', alt: '' }),
    h('h1', null, 'flo interviewer console'),
    h('p', null, 'Job records, interview questions, interviews, sessions and reports, in one place.'),
    formEl));
  input.focus();
}

function shell() {
  const navLinks = NAV.map(([href, label]) => h('a', { href }, label));
  const signOut = h('button', { type: 'button', class: 'button small', on: { click: () => leave() } }, 'Sign out');
  const skip = h('a', { class: 'skip', href: '#main' }, 'Skip to the page');
  skip.addEventListener('click', (event) => {
    event.preventDefault();
    const heading = document.querySelector('main h1');
    (heading || document.getElementById('main')).focus();
  });
  app.replaceChildren(
    skip,
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '#/records' }, 'flo ', h('span', null, 'console')),
      h('nav', { class: 'nav', 'aria-label': 'Main' }, h('ul', null, navLinks.map((a) => h('li', null, a)))),
      h('div', { class: 'who' }, h('span', { title: 'The last characters of the key you signed in with' }, `Key ${auth.hint()}`), signOut)),
    h('div', { id: 'banner', class: 'banner', hidden: !readOnly, role: 'status' },
      'This key may only read: pages show everything, but changes are refused (a read-only key, name:key:read in ADMIN_API_KEYS).'),
    h('main', { id: 'main', tabindex: '-1' }));
  route();
}

function leave(message) {
  if (current) {
    current.abort();
    current = null;
  }
  auth.signOut();
  document.getElementById('toasts').replaceChildren();
  signInPage(message);
}

function route() {
  if (!auth.key()) {
    signInPage();
    return;
  }
  const main = document.getElementById('main');
  if (!main) {
    shell();
    return;
  }
  const raw = location.hash.replace(/^#/, '');
  if (!raw.startsWith('/')) {
    if (raw === '' || raw === 'main') {
      if (raw === '') {
        location.replace('#/records');
      }
    }
    return;
  }
  const path = raw.split('?')[0];
  if (current) {
    current.abort();
  }
  const controller = new AbortController();
  current = controller;
  for (const link of document.querySelectorAll('.nav a')) {
    const section = link.getAttribute('href').slice(1);
    if (path === section || path.startsWith(`${section}/`) || (section === '/interviews' && path.startsWith('/sessions/'))) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const match = ROUTES.map(([pattern, page]) => [pattern.exec(path), page]).find(([m]) => m);
  main.replaceChildren(h('p', { class: 'muted', role: 'status' }, 'Loading…'));
  const ctx = {
    main,
    signal: controller.signal,
    params: new URLSearchParams(raw.split('?')[1] || ''),
    title(text) {
      document.title = `${text} · flo interviewer console`;
    },
    /**
     * Runs fn every ms milliseconds until the page is left (or fn answers false); not while
     * the tab is hidden: every read is a request in the audit log.
     */
    every(msValue, fn) {
      let timer = null;
      const tick = async () => {
        if (controller.signal.aborted) {
          return;
        }
        let again = true;
        try {
          again = document.hidden ? true : (await fn()) !== false;
        } catch (error) {
          again = !(error && error.name === 'AbortError');
        }
        if (again && !controller.signal.aborted) {
          timer = setTimeout(tick, msValue);
        }
      };
      timer = setTimeout(tick, msValue);
      controller.signal.addEventListener('abort', () => clearTimeout(timer));
    },
    live() {
      return !controller.signal.aborted;
    },
  };
  if (!match) {
    main.replaceChildren(notice('warn', 'No such page', 'This address is not a page of the console.'),
      h('p', null, h('a', { href: '#/records' }, 'Go to the job records')));
    return;
  }
  const [found, page] = match;
  const started = page(ctx, ...found.slice(1));
  Promise.resolve(started).then(() => {
    if (controller.signal.aborted) {
      return;
    }
    const heading = main.querySelector('h1');
    if (heading && document.activeElement && !main.contains(document.activeElement)) {
      heading.focus({ preventScroll: true });
    }
  }).catch((error) => {
    if (controller.signal.aborted || (error && error.name === 'AbortError')) {
      return;
    }
    main.replaceChildren(errorNotice(error, 'This page could not be loaded'),
      h('p', null, h('a', { href: '#/records' }, 'Go to the job records')));
  });
}

// A blocked script, style or request is a bug of the console: say so where it can be seen (and
// where the browser tests look).
document.addEventListener('securitypolicyviolation', (event) => {
  const count = Number(document.documentElement.dataset.cspViolations || 0) + 1;
  document.documentElement.dataset.cspViolations = String(count);
  console.error(`Content-Security-Policy blocked ${event.blockedURI || 'inline content'} (${event.violatedDirective})`);
});

window.addEventListener('hashchange', route);
window.addEventListener('console:unauthorized', () => {
  leave('Your key is no longer accepted (it may have been removed from ADMIN_API_KEYS). Sign in again.');
});
window.addEventListener('console:read-only', () => {
  readOnly = true;
  const banner = document.getElementById('banner');
  if (banner) {
    banner.hidden = false;
  }
});

route();
