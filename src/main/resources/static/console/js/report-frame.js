// The analysis report inside the console. The console frames this page; it fetches the report's
// HTML with the admin key (this tab's sessionStorage, shared with the console that frames it) and
// shows it in a sandboxed frame: no scripts, an origin of its own. The report's inline styles need
// this page's policy, which allows inline styles and nothing else the console's does not.

import { auth, request, explain } from './api.js';

const status = document.getElementById('report-status');
const frame = document.getElementById('report');
const params = new URLSearchParams(location.search);
const analysis = params.get('analysis') || '';
const run = params.get('run');

async function show() {
  if (!/^[\w-]{1,64}$/.test(analysis)) {
    status.textContent = 'No analysis named.';
    return;
  }
  if (!auth.key()) {
    status.textContent = 'Open this report from the console (/console): it needs the key you signed in with there.';
    return;
  }
  try {
    const html = await request('GET', `/api/analyses/${analysis}/report.html${run ? `?run=${encodeURIComponent(run)}` : ''}`);
    frame.srcdoc = html;
    frame.hidden = false;
    status.hidden = true;
  } catch (error) {
    status.textContent = `The report could not be shown: ${explain(error)}`;
  }
}

show();
