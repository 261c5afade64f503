// For whoever runs the service and for privacy reviewers: the activity (audit) log, webhook
// deliveries to the hiring system, and a candidate's erasure request.

import { h, time, number } from './dom.js';
import { get, post, query } from './api.js';
import {
  pageHeader, badge, notice, emptyState, card, toast, field, select, busy, slot, form, confirm, dataTable,
} from './ui.js';
import { removedSummary } from './records.js';

// --- the audit log -----------------------------------------------------------------------------

export async function activityPage(ctx) {
  ctx.title('Activity');
  const pageSize = 100;
  const actor = h('input', { type: 'text', placeholder: 'a key’s name, report-link, system', autocomplete: 'off' });
  const action = select([['', 'Any'], 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'RETENTION'], '');
  const target = h('input', { type: 'text', placeholder: 'e.g. /api/records', autocomplete: 'off' });
  const from = h('input', { type: 'datetime-local' });
  const to = h('input', { type: 'datetime-local' });
  const older = h('button', { type: 'button' }, 'Older entries');
  const newer = h('button', { type: 'button' }, 'Newer entries');
  let offset = 0;

  const table = dataTable({
    caption: 'Activity',
    rows: [],
    columns: [
      { key: 'at', label: 'When', render: (e) => time(e.at) },
      { key: 'actor', label: 'Who', render: (e) => h('span', null, e.actor, e.keyHint ? h('span', { class: 'muted mono' }, ` ${e.keyHint}`) : null) },
      { key: 'action', label: 'Action', render: (e) => e.action },
      { key: 'target', label: 'What', render: (e) => h('span', { class: 'mono' }, e.target || '') },
      { key: 'status', label: 'Answer', num: true, render: (e) => (e.status ? String(e.status) : '') },
      { key: 'client', label: 'From', render: (e) => e.client || '' },
    ],
    empty: h('p', { class: 'empty' }, 'No activity matches.'),
  });

  const iso = (input) => (input.value ? new Date(input.value).toISOString() : '');
  async function load() {
    const entries = await get(`/api/audit${query({ actor: actor.value.trim(), action: action.value, target: target.value.trim(),
      from: iso(from), to: iso(to), limit: pageSize, offset })}`, { signal: ctx.signal });
    table.update(entries);
    older.hidden = entries.length < pageSize;
    newer.hidden = offset === 0;
  }
  const filters = form({ class: 'table-tools' }, [
    field('Who', actor), field('Action', action), field('Path contains', target), field('From', from), field('To', to),
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
  ], async () => {
    offset = 0;
    await load();
  });
  older.addEventListener('click', () => {
    offset += pageSize;
    busy(older, load());
  });
  newer.addEventListener('click', () => {
    offset = Math.max(0, offset - pageSize);
    busy(newer, load());
  });
  await load();
  ctx.main.replaceChildren(pageHeader({
    title: 'Activity',
    lead: 'The audit log: every admin request by key name, every report opened through a share link, and what the service deleted on its own. Newest first.',
  }), card('Filters', filters), table, h('div', { class: 'form-actions' }, newer, older));
}

// --- webhook deliveries ------------------------------------------------------------------------

export async function webhooksPage(ctx) {
  ctx.title('Webhooks');
  const status = select([['', 'Any'], 'PENDING', 'DELIVERED', 'FAILED'], '');
  const deliveries = slot();
  async function load() {
    const list = await get(`/api/webhooks/deliveries${query({ status: status.value, limit: 200 })}`, { signal: ctx.signal });
    if (!list.length && !status.value) {
      deliveries.show(emptyState('No webhook deliveries',
        'With FLO_WEBHOOK_URL set, the service sends session, analysis and record events to your applicant tracking system, signed, and lists each delivery here.'));
      return;
    }
    deliveries.show(dataTable({
      caption: 'Webhook deliveries',
      rows: list,
      search: (d) => `${d.type} ${d.lastError || ''} ${d.payload || ''}`,
      sort: { key: 'created', dir: 'desc' },
      columns: [
        { key: 'created', label: 'Sent', sort: (d) => d.createdAt, render: (d) => time(d.createdAt) },
        { key: 'type', label: 'Event', sort: (d) => d.type, render: (d) => h('span', { class: 'mono' }, d.type) },
        { key: 'status', label: 'Status', sort: (d) => d.status, render: (d) => badge(d.status) },
        { key: 'attempts', label: 'Attempts', num: true, sort: (d) => d.attempts, render: (d) => number(d.attempts) },
        { key: 'last', label: 'Last answer', render: (d) => h('span', null, d.lastStatus ? `HTTP ${d.lastStatus}` : '', d.lastError ? h('span', { class: 'error-text' }, d.lastError) : null) },
        { key: 'payload', label: 'Payload', render: (d) => h('details', null, h('summary', null, 'Show'), h('pre', null, pretty(d.payload))) },
        { key: 'again', label: '', render: (d) => redeliverButton(d, load) },
      ],
    }));
  }
  status.addEventListener('change', () => load());
  await load();
  ctx.main.replaceChildren(pageHeader({
    title: 'Webhooks',
    lead: 'Events sent to the hiring system: session started and ended, analysis completed or failed, record ready. Failed deliveries are retried with backoff.',
  }), h('div', { class: 'table-tools' }, field('Status', status)), deliveries);
}

function pretty(payload) {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload || '';
  }
}

function redeliverButton(delivery, reload) {
  const button = h('button', { type: 'button', class: 'small' }, 'Send again');
  button.addEventListener('click', async () => {
    try {
      await busy(button, post(`/api/webhooks/deliveries/${delivery.id}/redeliver`));
      toast('Queued to be sent again.');
      await reload();
    } catch (error) {
      toast(error.message);
    }
  });
  return button;
}

// --- privacy -----------------------------------------------------------------------------------

export async function privacyPage(ctx) {
  ctx.title('Privacy');
  const email = h('input', { type: 'email', maxLength: 254, autocomplete: 'off', placeholder: 'candidate@example.com' });
  const session = h('input', { type: 'text', maxLength: 64, autocomplete: 'off', placeholder: 'a session id' });
  const result = slot({ 'aria-live': 'polite' });
  const erase = form(null, [
    h('p', null, 'A candidate asks for everything about them to be deleted: give the email they joined with, or one of their sessions. Every session of that candidate goes, with transcripts, recordings, proctoring events and analyses.'),
    h('div', { class: 'fields' }, field('Email', email), field('Or a session id', session)),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'danger solid' }, 'Delete the candidate’s data')),
  ], async () => {
    const body = email.value.trim() ? { email: email.value.trim() } : session.value.trim() ? { sessionId: session.value.trim() } : null;
    if (!body) {
      throw new Error('Give the candidate’s email or one of their sessions.');
    }
    const ok = await confirm({
      title: 'Delete this candidate’s data?',
      text: [`Every session of ${body.email || `the candidate of session ${body.sessionId}`} is deleted with all it holds.`, 'It cannot be undone; the activity log keeps that it happened.'],
      confirmLabel: 'Delete', danger: true,
    });
    if (!ok) {
      return;
    }
    const answer = await post('/api/erasures', body);
    const sessions = answer.sessions || [];
    result.show(sessions.length
      ? notice('ok', 'Deleted', `${number(sessions.length)} session(s) and all they held: ${removedSummary(answer.removed)}.`)
      : notice('info', 'Nothing to delete', `No session was found for ${body.email || `session ${body.sessionId}`}: nothing was removed.`));
    email.value = '';
    session.value = '';
  });
  ctx.main.replaceChildren(pageHeader({
    title: 'Privacy',
    lead: 'Consent, deletion and who looked at what: the tools for a candidate’s requests.',
  }),
  card('A candidate’s erasure request', erase, result),
  card('What else there is',
    h('ul', null,
      h('li', null, 'Consent: each session shows the version of the consent text the candidate agreed to, and when.'),
      h('li', null, 'Deletion: records, interviews, sessions and analyses each have a Delete button that removes everything that belongs to them, files too.'),
      h('li', null, 'Retention: the service deletes recordings and old data on its own (FLO_RETENTION_*); the ', h('a', { href: '#/activity' }, 'activity log'), ' lists what it removed.'),
      h('li', null, 'Who looked at what: the ', h('a', { href: '#/activity' }, 'activity log'), ', by key name.'))));
}
