// Interviews: create one for a record (the access code is shown once, with the candidate's link),
// reissue and revoke its code, change its settings, and follow the sessions candidates start.

import { h, time, words, plural, number } from './dom.js';
import { get, post, patch, del, query } from './api.js';
import {
  pageHeader, badge, notice, errorNotice, emptyState, card, cardWithActions, toast, field, select, busy, slot, form,
  confirm, dataTable, facts, copyButton,
} from './ui.js';

const LEVELS = [['', 'The service’s default'], ['BEGINNER', 'Beginner'], ['INTERMEDIATE', 'Intermediate'], ['PROFESSIONAL', 'Professional'], ['EXPERT', 'Expert']];

/** What an interview's code does now: revoked, expired, used up, or open. */
export function codeState(interview) {
  if (interview.status === 'REVOKED') {
    return 'REVOKED';
  }
  if (interview.accessCodeExpiresAt && new Date(interview.accessCodeExpiresAt) < new Date()) {
    return 'EXPIRED';
  }
  if (interview.uses >= interview.maxUses) {
    return 'USED_UP';
  }
  return 'ACTIVE';
}

const STATE_WORDS = { ACTIVE: 'Open', REVOKED: 'Revoked', EXPIRED: 'Code expired', USED_UP: 'Code used up' };

function stateBadge(interview) {
  const state = codeState(interview);
  return badge(state === 'USED_UP' ? 'EXPIRED' : state, STATE_WORDS[state]);
}

export function candidateLink(code) {
  return `${location.origin}/interview?code=${encodeURIComponent(code)}`;
}

/** The access code, shown once, with the link to send the candidate. */
export function codePanel(interview, onDone) {
  const link = candidateLink(interview.accessCode);
  const titleId = `code-title-${interview.id}`;
  const linkInput = h('input', { id: 'candidate-link', type: 'text', readOnly: true, value: link });
  linkInput.addEventListener('focus', () => linkInput.select());
  const done = h('button', { type: 'button' }, 'I have copied it');
  const panel = h('section', { class: 'card code-panel', 'aria-labelledby': titleId, tabindex: '-1' },
    h('h2', { id: titleId }, `Access code for ${interview.role}`),
    notice('warn', 'Shown this once', 'Only a digest of the code is kept: copy the code or the link now. “Issue a new code” replaces it later (the old one then stops working).'),
    h('p', { class: 'code', id: 'access-code', 'aria-label': `Access code ${interview.accessCode.split('').join(' ')}` }, interview.accessCode),
    field('Link for the candidate', linkInput, 'The candidate opens it, agrees to the recording, checks the microphone and starts.'),
    h('div', { class: 'form-actions' }, copyButton('Copy the code', interview.accessCode), copyButton('Copy the link', link), done),
    h('p', { class: 'small muted' }, `Valid until ${new Date(interview.accessCodeExpiresAt).toLocaleString()}, for ${plural(interview.maxUses, 'join')}.`));
  done.addEventListener('click', () => {
    panel.remove();
    if (onDone) {
      onDone();
    }
  });
  setTimeout(() => panel.focus(), 0);
  return panel;
}

/** The form that creates an interview; records: READY records to choose from (or one fixed record). */
function interviewForm(ctx, { records, record, onCreated }) {
  const recordChoice = record ? null : select([['', 'Choose a job record'], ...records.map((r) => [r.id, r.title])], '', { required: true });
  const readiness = slot({ 'aria-live': 'polite' });
  const role = h('input', { type: 'text', maxLength: 200, placeholder: record ? record.title : 'The record’s title' });
  const level = select(LEVELS, '');
  const length = h('input', { type: 'number', min: 5, max: 180, step: 1, required: true, value: '30' });
  const practice = h('input', { type: 'checkbox' });
  const validDays = h('input', { type: 'number', min: 1, max: 365, step: 1, required: true, value: '14' });
  const maxUses = h('input', { type: 'number', min: 1, max: 1000, step: 1, required: true, value: '1' });

  async function checkRecord(id) {
    readiness.clear();
    if (!id) {
      return;
    }
    const chosen = record && record.id === id ? record : await get(`/api/records/${id}`, { signal: ctx.signal });
    const questions = chosen.skills.reduce((sum, s) => sum + s.questionCount, 0);
    if (chosen.status !== 'READY' || questions === 0) {
      readiness.show(notice('warn', 'No questions yet',
        'This record has no questions: the interviewer would greet the candidate and say goodbye. Generate its questions first.',
        h('a', { href: `#/records/${chosen.id}` }, 'Open the record')));
    } else {
      readiness.show(h('p', { class: 'small muted' }, `${plural(chosen.skills.length, 'skill')}, ${plural(questions, 'question')} ready.`));
    }
  }
  if (recordChoice) {
    recordChoice.addEventListener('change', () => checkRecord(recordChoice.value).catch(() => readiness.clear()));
  } else {
    checkRecord(record.id).catch(() => readiness.clear());
  }

  return form({ class: 'inline-form' }, [
    recordChoice ? field('Job record', recordChoice) : null,
    readiness,
    h('div', { class: 'fields' },
      field('Role', role, 'As the interviewer says it; empty: the record’s title.'),
      field('Level', level),
      field('Length in minutes', length, '5 to 180; the interviewer keeps time.'),
      field('Code valid for (days)', validDays),
      field('Joins allowed', maxUses, 'How many times the code may be used.')),
    field('Practice runs allowed (not analysed)', practice, null, { inline: true }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create the interview')),
  ], async () => {
    const body = {
      recordId: record ? record.id : recordChoice.value,
      role: role.value.trim() || null,
      skillLevel: level.value || null,
      lengthMinutes: Number(length.value),
      practiceAllowed: practice.checked,
      codeValidDays: Number(validDays.value),
      codeMaxUses: Number(maxUses.value),
    };
    const created = await post('/api/interviews', body);
    onCreated(created);
  });
}

function interviewsTable(interviews, { recordTitles, empty } = {}) {
  const columns = [
    { key: 'role', label: 'Role', sort: (i) => i.role.toLowerCase(), render: (i) => h('a', { href: `#/interviews/${i.id}` }, i.role) },
  ];
  if (recordTitles) {
    columns.push({ key: 'record', label: 'Job record', sort: (i) => recordTitles.get(i.recordId) || '',
      render: (i) => h('a', { href: `#/records/${i.recordId}` }, recordTitles.get(i.recordId) || 'the record') });
  }
  columns.push(
    { key: 'state', label: 'Status', sort: (i) => codeState(i), render: stateBadge },
    { key: 'uses', label: 'Joins', num: true, sort: (i) => i.uses, render: (i) => `${number(i.uses)} of ${number(i.maxUses)}` },
    { key: 'length', label: 'Length', num: true, sort: (i) => i.lengthMinutes, render: (i) => `${i.lengthMinutes} min` },
    { key: 'code', label: 'Code', render: (i) => h('span', { class: 'mono' }, i.accessCodeHint) },
    { key: 'expires', label: 'Code valid until', sort: (i) => i.accessCodeExpiresAt, render: (i) => time(i.accessCodeExpiresAt) },
    { key: 'created', label: 'Created', sort: (i) => i.createdAt, render: (i) => time(i.createdAt) });
  return dataTable({
    caption: 'Interviews',
    rows: interviews,
    search: (i) => `${i.role} ${recordTitles ? recordTitles.get(i.recordId) || '' : ''}`,
    filters: [{ label: 'Status', value: codeState, options: [['ACTIVE', 'Open'], ['EXPIRED', 'Code expired'], ['USED_UP', 'Code used up'], ['REVOKED', 'Revoked']] }],
    sort: { key: 'created', dir: 'desc' },
    columns,
    empty,
  });
}

/** The interviews of one record, for its page. */
export async function interviewSection(ctx, record) {
  const interviews = await get(`/api/interviews${query({ recordId: record.id, limit: 500 })}`, { signal: ctx.signal });
  const codes = slot();
  const formSlot = slot();
  const create = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'New interview');
  const table = interviewsTable(interviews, {
    empty: h('p', { class: 'muted' }, 'No interviews for this record yet. Create one to get an access code and the link to send a candidate.'),
  });
  create.addEventListener('click', () => {
    if (create.getAttribute('aria-expanded') === 'true') {
      formSlot.clear();
      create.setAttribute('aria-expanded', 'false');
      return;
    }
    create.setAttribute('aria-expanded', 'true');
    formSlot.show(interviewForm(ctx, {
      record,
      onCreated: async (created) => {
        formSlot.clear();
        create.setAttribute('aria-expanded', 'false');
        codes.show(codePanel(created));
        toast('Interview created.');
        table.update(await get(`/api/interviews${query({ recordId: record.id, limit: 500 })}`, { signal: ctx.signal }));
      },
    }));
    formSlot.querySelector('input')?.focus();
  });
  return cardWithActions('Interviews', create, codes, formSlot, table);
}

// --- all interviews ---------------------------------------------------------------------------

export async function interviewsPage(ctx) {
  ctx.title('Interviews');
  const [interviews, records] = await Promise.all([
    get('/api/interviews?limit=500', { signal: ctx.signal }),
    get('/api/records?limit=500', { signal: ctx.signal }),
  ]);
  const recordTitles = new Map(records.map((r) => [r.id, r.title]));
  const create = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'New interview');
  const codes = slot();
  const formSlot = slot();
  const ready = records.filter((r) => r.status === 'READY');
  const table = interviewsTable(interviews, { recordTitles });
  create.addEventListener('click', () => {
    if (create.getAttribute('aria-expanded') === 'true') {
      formSlot.clear();
      create.setAttribute('aria-expanded', 'false');
      return;
    }
    create.setAttribute('aria-expanded', 'true');
    formSlot.show(ready.length
      ? card('New interview', interviewForm(ctx, {
        records: ready,
        onCreated: async (created) => {
          formSlot.clear();
          create.setAttribute('aria-expanded', 'false');
          codes.show(codePanel(created));
          table.update(await get('/api/interviews?limit=500', { signal: ctx.signal }));
        },
      }))
      : notice('info', 'First a job record', 'An interview asks the questions of a job record. Create a record and generate its questions first.',
        h('a', { href: '#/records/new' }, 'New job record')));
  });
  ctx.main.replaceChildren(pageHeader({
    title: 'Interviews',
    lead: 'An interview gives candidates an access code; each join starts a session with the AI interviewer.',
    actions: create,
  }), codes, formSlot);
  if (!interviews.length) {
    ctx.main.append(emptyState('No interviews yet',
      'Interviews are made for a job record with questions. Create one here or on the record’s page, then send the candidate the link it gives you.',
      h('a', { class: 'button', href: '#/records' }, 'Go to the job records')));
    return;
  }
  ctx.main.append(table);
}

// --- one interview ----------------------------------------------------------------------------

export async function interviewPage(ctx, id) {
  let interview = await get(`/api/interviews/${id}`, { signal: ctx.signal });
  const [record, sessions] = await Promise.all([
    get(`/api/records/${interview.recordId}`, { signal: ctx.signal }).catch(() => null),
    get(`/api/interviews/${id}/sessions`, { signal: ctx.signal }),
  ]);
  ctx.title(interview.role);
  const codes = slot();
  const errors = slot();
  const stateSlot = h('span', null, stateBadge(interview));
  const details = slot();

  const reissue = h('button', { type: 'button', class: 'primary', 'aria-expanded': 'false' }, 'Issue a new code');
  const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke');
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  const panel = slot();

  function renderDetails() {
    stateSlot.replaceChildren(stateBadge(interview));
    revoke.hidden = interview.status === 'REVOKED';
    // A revoked interview stays revoked: a new code for it would open nothing.
    reissue.hidden = interview.status === 'REVOKED';
    details.show(facts([
      ['Job record', record ? h('a', { href: `#/records/${record.id}` }, record.title) : interview.recordId],
      ['Role', interview.role],
      ['Level', words(interview.skillLevel)],
      ['Length', `${interview.lengthMinutes} minutes`],
      ['Practice runs', interview.practiceAllowed ? 'Allowed (not analysed)' : 'Not allowed'],
      ['Access code', h('span', null, h('span', { class: 'mono' }, interview.accessCodeHint), ' (only its last characters are kept)')],
      ['Joins', `${number(interview.uses)} of ${number(interview.maxUses)}`],
      ['Code valid until', time(interview.accessCodeExpiresAt)],
      ['Created', time(interview.createdAt)],
    ]));
  }

  reissue.addEventListener('click', () => {
    if (reissue.getAttribute('aria-expanded') === 'true') {
      panel.clear();
      reissue.setAttribute('aria-expanded', 'false');
      return;
    }
    reissue.setAttribute('aria-expanded', 'true');
    const days = h('input', { type: 'number', min: 1, max: 365, required: true, value: '14' });
    const uses = h('input', { type: 'number', min: 1, max: 1000, required: true, value: '1' });
    panel.show(card('A new access code', form(null, [
      h('p', null, 'The current code stops working at once; the new one is shown once.'),
      h('div', { class: 'fields' }, field('Valid for (days)', days), field('Joins allowed', uses)),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Issue the new code')),
    ], async () => {
      interview = await post(`/api/interviews/${id}/code`, { codeValidDays: Number(days.value), codeMaxUses: Number(uses.value) });
      panel.clear();
      reissue.setAttribute('aria-expanded', 'false');
      codes.show(codePanel(interview));
      renderDetails();
    })));
  });
  revoke.addEventListener('click', async () => {
    if (!(await confirm({ title: 'Revoke this interview?', text: 'Its code stops working: nobody can join any more. Sessions already held stay.', confirmLabel: 'Revoke', danger: true }))) {
      return;
    }
    try {
      interview = await busy(revoke, post(`/api/interviews/${id}/revoke`));
      renderDetails();
      toast('Revoked: the code no longer works.');
    } catch (error) {
      errors.show(errorNotice(error, 'Not revoked'));
    }
  });
  remove.addEventListener('click', async () => {
    if (!(await confirm({
      title: 'Delete this interview?',
      text: ['It goes with every session held with it: transcripts, recordings, proctoring events and analyses.', 'It cannot be undone.'],
      confirmLabel: 'Delete everything', danger: true,
    }))) {
      return;
    }
    try {
      await busy(remove, del(`/api/interviews/${id}`));
      toast('Interview deleted.');
      location.hash = record ? `#/records/${record.id}` : '#/interviews';
    } catch (error) {
      errors.show(errorNotice(error, 'Not deleted'));
    }
  });

  const roleInput = h('input', { type: 'text', maxLength: 200, value: interview.role, required: true });
  const levelInput = select(LEVELS.slice(1), interview.skillLevel);
  const lengthInput = h('input', { type: 'number', min: 5, max: 180, required: true, value: String(interview.lengthMinutes) });
  const practiceInput = h('input', { type: 'checkbox', checked: interview.practiceAllowed });
  const settings = h('details', { class: 'card' }, h('summary', null, 'Change the settings'), form(null, [
    h('div', { class: 'fields' }, field('Role', roleInput), field('Level', levelInput), field('Length in minutes', lengthInput)),
    field('Practice runs allowed', practiceInput, null, { inline: true }),
    h('p', { class: 'small muted' }, 'Sessions already started keep the settings they started with.'),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save the settings')),
  ], async () => {
    interview = await patch(`/api/interviews/${id}`, {
      role: roleInput.value.trim(), skillLevel: levelInput.value, lengthMinutes: Number(lengthInput.value), practiceAllowed: practiceInput.checked,
    });
    renderDetails();
    toast('Settings saved.');
  }));

  const sessionsTable = dataTable({
    caption: 'Sessions',
    rows: sessions,
    search: (s) => s.candidateName,
    filters: [{ label: 'Status', value: (s) => s.status, options: ['CREATED', 'LIVE', 'ENDED', 'ANALYSING', 'ANALYSED', 'FAILED'] }],
    sort: { key: 'created', dir: 'desc' },
    columns: [
      { key: 'candidate', label: 'Candidate', sort: (s) => s.candidateName.toLowerCase(), render: (s) => h('a', { href: `#/sessions/${s.id}` }, s.candidateName) },
      { key: 'status', label: 'Status', sort: (s) => s.status, render: (s) => h('span', null, sessionBadge(s), s.failure ? h('span', { class: 'error-text' }, s.failure) : null) },
      { key: 'practice', label: 'Practice', sort: (s) => s.practice, render: (s) => (s.practice ? 'Practice' : '') },
      { key: 'created', label: 'Joined', sort: (s) => s.createdAt, render: (s) => time(s.createdAt) },
      { key: 'ended', label: 'Ended', sort: (s) => s.endedAt, render: (s) => time(s.endedAt) },
    ],
    empty: h('div', { class: 'empty' }, h('p', null, 'No one has joined yet. Send the candidate the link from the access code; each join appears here (the list updates every ten seconds).')),
  });

  renderDetails();
  ctx.main.replaceChildren(
    pageHeader({
      title: interview.role,
      crumbs: [h('a', { href: '#/interviews' }, 'Interviews'), ' / '],
      badge: stateSlot,
      lead: record ? h('span', null, 'For the job record ', h('a', { href: `#/records/${record.id}` }, record.title)) : null,
      actions: [reissue, revoke, remove],
    }),
    errors, codes, panel,
    h('div', { class: 'grid-2' }, card('Details', details), settings),
    card('Sessions', sessionsTable));
  ctx.every(10000, async () => {
    sessionsTable.update(await get(`/api/interviews/${id}/sessions`, { signal: ctx.signal }));
    return true;
  });
}

export function sessionBadge(session) {
  return session.status === 'LIVE' ? h('span', { class: 'badge badge--live' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Live') : badge(session.status);
}

