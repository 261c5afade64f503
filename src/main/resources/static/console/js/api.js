// The REST API, with the admin key the recruiter signed in with.
//
// The key lives in sessionStorage: this browser tab only, until sign-out or the tab closes. It is
// sent as "Authorization: Bearer" and never put in a URL. Server-Sent Events are read with fetch
// (EventSource cannot send a header) and uploads go through XMLHttpRequest (fetch reports no
// upload progress).

const STORE = 'flo.console.adminKey';

export const auth = {
  key() {
    return sessionStorage.getItem(STORE);
  },
  hint() {
    const key = sessionStorage.getItem(STORE) || '';
    return key.length >= 4 ? `…${key.slice(-4)}` : '';
  },
  signIn(key) {
    sessionStorage.setItem(STORE, key);
  },
  signOut() {
    sessionStorage.removeItem(STORE);
  },
};

/** An RFC 9457 problem from the API (or a failure to reach it), with words for people. */
export class Problem extends Error {
  constructor(status, body) {
    const detail = body && (body.detail || body.title);
    super(detail || (status ? `The server answered ${status}.` : 'The server did not answer.'));
    this.status = status;
    this.body = body || {};
    const type = this.body.type || '';
    this.slug = type.startsWith('urn:flo:problem:') ? type.slice('urn:flo:problem:'.length) : null;
    this.title = this.body.title || null;
    this.detail = this.body.detail || null;
  }
}

// A few problems deserve a sentence before the server's own detail.
const LEADS = {
  'admin-key-invalid': 'This key is not accepted.',
  'provider-not-configured': 'The AI provider this needs is not configured on the server.',
  'llm-failed': 'The AI provider failed.',
  'livekit-not-configured': 'LiveKit is not configured on the server.',
  'upload-too-large': 'The file is too large.',
  'request-too-large': 'That is more than the server accepts.',
  'analysis-busy': 'The server is busy checking other uploads: try again in a moment.',
};

/** What went wrong, in words: the server's detail, with a lead where one helps. */
export function explain(error) {
  if (!(error instanceof Problem)) {
    return error && error.message ? error.message : String(error);
  }
  if (error.status === 0) {
    return 'The server did not answer. Check that it is running and that this computer can reach it, then try again.';
  }
  const lead = LEADS[error.slug];
  let detail = error.detail || error.title || `The server answered ${error.status}.`;
  if (!error.slug && error.status === 400 && detail === 'Invalid request content.') {
    detail = 'The server refused the values sent: check the fields and try again.';
  }
  return lead && !detail.startsWith(lead) ? `${lead} ${detail}` : detail;
}

function announce(problem) {
  if (problem.status === 401 && (problem.slug === 'admin-key-invalid' || problem.slug === 'admin-key-missing')) {
    window.dispatchEvent(new CustomEvent('console:unauthorized', { detail: problem }));
  }
  if (problem.status === 403 && problem.slug === 'admin-key-read-only') {
    window.dispatchEvent(new CustomEvent('console:read-only', { detail: problem }));
  }
}

async function problemOf(response, quiet = false) {
  let body = null;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const problem = new Problem(response.status, body);
  if (!quiet) {
    announce(problem);
  }
  return problem;
}

function headers(extra) {
  const key = auth.key();
  return Object.assign(key ? { Authorization: `Bearer ${key}` } : {}, extra || {});
}

/**
 * A request to the API. options: json (a body to send as JSON), form (FormData), signal, raw
 * (answer the Response), key (a key to use instead of the signed-in one: signing in).
 */
export async function request(method, path, options = {}) {
  const extra = {};
  let body;
  if (options.json !== undefined) {
    extra['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  const sent = headers(extra);
  if (options.key) {
    sent.Authorization = `Bearer ${options.key}`;
  }
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body, signal: options.signal, cache: 'no-store' });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new Problem(0, null);
  }
  if (!response.ok) {
    // Signing in tries a key of its own: its refusal is that page's to tell.
    throw await problemOf(response, Boolean(options.key));
  }
  if (options.raw) {
    return response;
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, json, options = {}) => request('POST', path, { ...options, json });
export const put = (path, json, options = {}) => request('PUT', path, { ...options, json });
export const patch = (path, json, options = {}) => request('PATCH', path, { ...options, json });
export const del = (path, options) => request('DELETE', path, options);

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') {
      search.set(key, value);
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Reads a Server-Sent Events stream; onEvent(name, data) for each event (data parsed as JSON
 * when it is). Resolves when the stream ends.
 */
export async function events(path, onEvent, signal) {
  const response = await request('GET', path, { raw: true, signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, '\n');
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) {
          name = line.slice(6).trim();
        } else if (line.startsWith('data:')) {
          data.push(line.slice(5).replace(/^ /, ''));
        }
      }
      if (data.length) {
        const text = data.join('\n');
        let parsed = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
        onEvent(name, parsed);
      }
      end = buffer.indexOf('\n\n');
    }
  }
}

/**
 * A multipart upload with progress: onProgress(sentBytes, totalBytes). Resolves with the JSON
 * answer; rejects with a Problem. Aborted through the signal.
 */
export function upload(path, form, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const key = auth.key();
    if (key) {
      xhr.setRequestHeader('Authorization', `Bearer ${key}`);
    }
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) {
          onProgress(event.loaded, event.total);
        }
      });
    }
    xhr.addEventListener('load', () => {
      let body = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
        return;
      }
      const problem = new Problem(xhr.status, body);
      announce(problem);
      reject(problem);
    });
    xhr.addEventListener('error', () => reject(new Problem(0, null)));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    if (signal) {
      signal.addEventListener('abort', () => xhr.abort());
    }
    xhr.send(form);
  });
}

/** Downloads a file the API serves to admins (CSV, Excel, PDF): fetched with the key, saved by the browser. */
export async function download(path, fallbackName) {
  const response = await request('GET', path, { raw: true });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = match ? match[1] : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return link.download;
}
