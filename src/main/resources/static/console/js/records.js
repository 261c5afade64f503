// Job records: the list, a new record from a job description (pasted, or read from a PDF or text
// file), and one record: skill extraction, the skills, question generation, rating and
// regenerating questions, feedback, exports, scorecard weights, and its interviews.

import { h, time, words, plural, number } from './dom.js';
import { get, post, put, del, upload, download, query, explain } from './api.js';
import {
  pageHeader, badge, notice, errorNotice, emptyState, card, cardWithActions, toast, field, select, busy, slot, form,
  confirm, dataTable, progress,
} from './ui.js';
import { interviewSection } from './interviews.js';

const LEVELS = ['BEGINNER', 'INTERMEDIATE', 'PROFESSIONAL', 'EXPERT'];
const REQUIREMENTS = [['MANDATORY', 'Mandatory'], ['OPTIONAL', 'Optional']];
const CATEGORIES = ['TECHNICAL', 'FUNCTIONAL', 'BEHAVIORAL', 'COGNITIVE'];
const DIFFICULTIES = ['EASY', 'MEDIUM', 'HARD'];
const MIN_DESCRIPTION = 50;
const MAX_DESCRIPTION = 30000;

/** Jobs this tab started, by record: extraction progress can name its attempts. */
const extractionJobs = new Map();

// --- the list ----------------------------------------------------------------------------------

export async function recordsPage(ctx) {
  ctx.title('Job records');
  const records = await get('/api/records?limit=500', { signal: ctx.signal });
  const newButton = h('a', { class: 'button primary', href: '#/records/new' }, 'New job record');
  ctx.main.replaceChildren(pageHeader({
    title: 'Job records',
    lead: 'Each record turns a job description into the skills to assess and the questions the interviewer asks.',
    actions: newButton,
  }));
  if (!records.length) {
    ctx.main.append(emptyState('No job records yet',
      'Start with the description of an open role: the AI lists the skills it asks for, then writes interview questions for each. You check and edit both before any candidate sees them.',
      h('a', { class: 'button primary', href: '#/records/new' }, 'Create the first job record')));
    return;
  }
  const table = dataTable({
    caption: 'Job records',
    rows: records,
    search: (r) => r.title,
    filters: [{ label: 'Status', value: (r) => r.status, options: ['EXTRACTING', 'READY', 'FAILED'] }],
    sort: { key: 'createdAt', dir: 'desc' },
    columns: [
      { key: 'title', label: 'Title', sort: (r) => r.title.toLowerCase(), render: (r) => h('a', { href: `#/records/${r.id}` }, r.title) },
      { key: 'status', label: 'Status', sort: (r) => r.status, render: (r) => badge(r.status) },
      { key: 'createdAt', label: 'Created', sort: (r) => r.createdAt, render: (r) => time(r.createdAt) },
    ],
  });
  ctx.main.append(table);
  ctx.every(4000, async () => {
    if (!table.isConnected || !records.some((r) => r.status === 'EXTRACTING')) {
      return true;
    }
    const fresh = await get('/api/records?limit=500', { signal: ctx.signal });
    records.splice(0, records.length, ...fresh);
    table.update(fresh);
    return true;
  });
}

// --- a new record ------------------------------------------------------------------------------

export async function newRecordPage(ctx) {
  ctx.title('New job record');
  const title = h('input', { type: 'text', required: true, maxLength: 200, autocomplete: 'off', placeholder: 'e.g. Backend Engineer' });
  const description = h('textarea', { rows: 14, required: true, minLength: MIN_DESCRIPTION, maxLength: MAX_DESCRIPTION,
    placeholder: 'Paste the job description here, or load it from a file below.' });
  const counter = h('div', { class: 'counter', 'aria-live': 'polite' });
  const countCharacters = () => {
    const n = description.value.trim().length;
    counter.textContent = `${number(n)} of at most ${number(MAX_DESCRIPTION)} characters${n < MIN_DESCRIPTION ? ` (at least ${MIN_DESCRIPTION})` : ''}`;
    counter.classList.toggle('over', n > MAX_DESCRIPTION);
  };
  description.addEventListener('input', countCharacters);
  countCharacters();

  const file = h('input', { type: 'file', accept: '.pdf,.txt,.md,application/pdf,text/plain' });
  const fileStatus = slot({ 'aria-live': 'polite' });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) {
      return;
    }
    fileStatus.show(h('p', { class: 'muted' }, `Reading ${chosen.name}…`));
    try {
      let text;
      if (/\.(txt|md)$/i.test(chosen.name) || chosen.type.startsWith('text/')) {
        text = (await chosen.text()).trim();
      } else {
        const body = new FormData();
        body.append('file', chosen);
        text = (await upload('/api/records/description-text', body, { signal: ctx.signal })).text;
      }
      description.value = text;
      countCharacters();
      if (!title.value.trim()) {
        title.value = chosen.name.replace(/\.[^.]+$/, '').replace(/[_-]+/g, ' ').trim().slice(0, 200);
      }
      fileStatus.show(notice('ok', null, `Read ${number(text.length)} characters from ${chosen.name}. Check the text below before you create the record.`));
      description.focus();
    } catch (error) {
      fileStatus.show(errorNotice(error, `${chosen.name} could not be read`));
    }
  });

  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create the record and extract its skills');
  const formEl = form({ class: 'card' }, [
    field('Title', title, 'The role as candidates see it; the interviewer uses it too.'),
    field('Job description', description, `What the role needs, ${MIN_DESCRIPTION} to ${number(MAX_DESCRIPTION)} characters. The AI reads it as data, not as instructions.`),
    counter,
    field('Or load the description from a file', file, 'A PDF with text, or a text file. Its text replaces what is in the box above; nothing is stored until you create the record.'),
    fileStatus,
    h('div', { class: 'form-actions' }, submit, h('a', { class: 'button', href: '#/records' }, 'Cancel')),
  ], async () => {
    const text = description.value.trim();
    if (text.length < MIN_DESCRIPTION || text.length > MAX_DESCRIPTION) {
      throw new Error(`The job description has ${number(text.length)} characters: it needs ${MIN_DESCRIPTION} to ${number(MAX_DESCRIPTION)}.`);
    }
    const accepted = await post('/api/records', { title: title.value.trim(), jobDescription: text });
    if (accepted.jobIds && accepted.jobIds.length) {
      extractionJobs.set(accepted.resource.id, { id: accepted.jobIds[0], since: Date.now() });
    }
    toast('Record created: the skills are being extracted.');
    location.hash = `#/records/${accepted.resource.id}`;
  });
  ctx.main.replaceChildren(pageHeader({
    title: 'New job record',
    crumbs: [h('a', { href: '#/records' }, 'Job records'), ' / '],
    lead: 'The AI reads the description and lists the skills to assess, with their level and whether they are required. You can edit them next.',
  }), formEl);
  title.focus();
}

// --- one record --------------------------------------------------------------------------------

export async function recordPage(ctx, id) {
  let record = await get(`/api/records/${id}`, { signal: ctx.signal });
  ctx.title(record.title);
  const statusSlot = h('span', null, badge(record.status));
  const deleteButton = h('button', { type: 'button', class: 'danger' }, 'Delete record');
  deleteButton.addEventListener('click', () => deleteRecord(record, deleteButton));

  const extraction = slot();
  const skills = skillsCard(ctx, () => record, refresh);
  const questions = questionsCard(ctx, () => record);
  const feedback = feedbackCard(ctx, id);
  const weights = weightsCard(() => record, (next) => {
    record = next;
  });
  const interviews = await interviewSection(ctx, record);

  ctx.main.replaceChildren(
    pageHeader({
      title: record.title,
      crumbs: [h('a', { href: '#/records' }, 'Job records'), ' / '],
      badge: statusSlot,
      lead: h('span', null, 'Created ', time(record.createdAt)),
      actions: deleteButton,
    }),
    extraction,
    h('details', { class: 'card' }, h('summary', null, 'The job description'), h('pre', null, record.jobDescription || '')),
    skills,
    questions,
    h('div', { class: 'grid-2' }, feedback, weights),
    interviews);

  let wasGenerating = record.skills.some((s) => s.questionsStatus === 'GENERATING');
  function render() {
    statusSlot.replaceChildren(badge(record.status));
    renderExtraction();
    skills.update(record);
    const generating = record.skills.some((s) => s.questionsStatus === 'GENERATING');
    if (wasGenerating && !generating) {
      questions.reload();
    }
    wasGenerating = generating;
  }

  async function refresh() {
    record = await get(`/api/records/${id}`, { signal: ctx.signal });
    render();
  }

  const extractionProgress = progress('Skill extraction');
  async function renderExtraction() {
    if (record.status === 'EXTRACTING') {
      const job = extractionJobs.get(id);
      let extra = '';
      if (job) {
        extra = `${Math.round((Date.now() - job.since) / 1000)} s`;
        try {
          const detail = await get(`/api/jobs/${job.id}`, { signal: ctx.signal });
          if (detail.attempts > 1 || detail.lastError) {
            extra = `attempt ${detail.attempts} of ${detail.maxAttempts}${detail.lastError ? `; last error: ${detail.lastError}` : ''}`;
          }
        } catch {
          // the progress line still stands without the job's details
        }
      }
      extractionProgress.update(null, 1, 'Extracting the skills from the job description…', extra);
      if (!extraction.contains(extractionProgress)) {
        extraction.show(h('section', { class: 'card', 'aria-label': 'Skill extraction' }, extractionProgress,
          h('p', { class: 'small muted' }, 'This takes a few seconds to a minute. The page updates on its own.')));
      }
    } else if (record.status === 'FAILED') {
      const again = h('button', { type: 'button', class: 'primary' }, 'Extract the skills again');
      again.addEventListener('click', async () => {
        try {
          const accepted = await busy(again, post(`/api/records/${id}/extract`));
          extractionJobs.set(id, { id: accepted.jobIds[0], since: Date.now() });
          await refresh();
        } catch (error) {
          extraction.show(errorNotice(error, 'The extraction could not be started'));
        }
      });
      extraction.show(notice('error', 'The skills could not be extracted', record.failure || 'No reason was given.',
        h('div', { class: 'form-actions' }, again)));
    } else if (record.skills.length === 0) {
      extraction.show(notice('warn', 'No skills', 'The description gave no skills. Add the skills to assess below.'));
    } else {
      extraction.clear();
    }
  }
  render();

  ctx.every(1500, async () => {
    const watching = record.status === 'EXTRACTING' || record.skills.some((s) => s.questionsStatus === 'GENERATING');
    if (watching) {
      await refresh();
    }
    return true;
  });
}

async function deleteRecord(record, button) {
  const ok = await confirm({
    title: `Delete “${record.title}”?`,
    text: ['This deletes the record with its skills, questions and their history, its interviews with every session (transcripts, recordings, reports), and every analysis made for it.',
      'It cannot be undone.'],
    confirmLabel: 'Delete everything',
    danger: true,
  });
  if (!ok) {
    return;
  }
  try {
    const answer = await busy(button, del(`/api/records/${record.id}`));
    toast(`Deleted: ${removedSummary(answer.removed)}.`);
    location.hash = '#/records';
  } catch (error) {
    toast(explain(error));
  }
}

export function removedSummary(removed) {
  if (!removed) {
    return 'nothing';
  }
  const rows = Object.entries(removed.rows || {}).filter(([, n]) => n > 0).map(([kind, n]) => `${number(n)} ${kind.replace(/_/g, ' ')}`);
  const files = removed.files ? [`${plural(removed.files, 'file')}`] : [];
  return [...rows, ...files].join(', ') || 'nothing';
}

// --- skills ------------------------------------------------------------------------------------

function skillsCard(ctx, currentRecord, refresh) {
  const body = h('div');
  const generateAll = h('button', { type: 'button', class: 'primary' }, 'Generate questions for every skill');
  const generation = progress('Question generation');
  const generationSlot = slot();
  const errors = slot();
  const section = cardWithActions('Skills', generateAll, errors, generationSlot, body);
  const rows = new Map();
  let table = null;

  generateAll.addEventListener('click', async () => {
    const record = currentRecord();
    const existing = record.skills.reduce((sum, s) => sum + s.questionCount, 0);
    if (existing > 0 && !(await confirm({
      title: 'Generate every skill’s questions again?',
      text: `The ${plural(existing, 'question')} there now are replaced, with their ratings and history. Feedback you gave on the record and on disliked questions steers the new ones.`,
      confirmLabel: 'Generate again',
    }))) {
      return;
    }
    errors.clear();
    try {
      await busy(generateAll, post(`/api/records/${record.id}/questions/generate`));
      await refresh();
    } catch (error) {
      errors.show(errorNotice(error, 'Questions could not be generated'));
    }
  });

  function skillPayload(inputs) {
    return {
      name: inputs.name.value.trim(),
      level: inputs.level.value,
      requirement: inputs.requirement.value,
      category: inputs.category.value,
      difficulty: inputs.difficulty.value,
      numQuestions: Number(inputs.numQuestions.value),
      priority: Number(inputs.priority.value),
    };
  }

  function skillInputs(skill, labelPrefix) {
    const named = (label) => `${labelPrefix}: ${label}`;
    return {
      name: h('input', { type: 'text', required: true, maxLength: 200, value: skill.name || '', 'aria-label': named('name') }),
      level: select(LEVELS, skill.level || 'INTERMEDIATE', { 'aria-label': named('level') }),
      requirement: select(REQUIREMENTS, skill.requirement || 'MANDATORY', { 'aria-label': named('mandatory or optional') }),
      category: select(CATEGORIES, skill.category || 'TECHNICAL', { 'aria-label': named('category') }),
      difficulty: select(DIFFICULTIES, skill.difficulty || 'MEDIUM', { 'aria-label': named('difficulty') }),
      numQuestions: h('input', { type: 'number', min: 1, max: 10, step: 1, required: true, value: String(skill.numQuestions || 2), 'aria-label': named('number of questions') }),
      priority: h('input', { type: 'number', min: 1, max: 10, step: 1, required: true, value: String(skill.priority || 5), 'aria-label': named('priority (1 first)') }),
    };
  }

  function row(skill) {
    const inputs = skillInputs(skill, skill.name);
    const status = h('td');
    const save = h('button', { type: 'button', class: 'small primary', disabled: true }, 'Save');
    const generate = h('button', { type: 'button', class: 'small' }, 'Generate');
    const remove = h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete the skill ${skill.name}` }, 'Delete');
    const tr = h('tr', { dataset: { skill: skill.id } },
      h('td', null, inputs.name), h('td', null, inputs.level), h('td', null, inputs.requirement), h('td', null, inputs.category),
      h('td', null, inputs.difficulty), h('td', null, inputs.numQuestions), h('td', null, inputs.priority), status,
      h('td', null, h('div', { class: 'form-actions' }, save, generate, remove)));
    let saved = JSON.stringify(skillPayload(inputs));
    const markDirty = () => {
      const dirty = JSON.stringify(skillPayload(inputs)) !== saved;
      tr.classList.toggle('dirty', dirty);
      save.disabled = !dirty;
    };
    Object.values(inputs).forEach((input) => {
      input.addEventListener('input', markDirty);
      input.addEventListener('change', markDirty);
    });
    save.addEventListener('click', async () => {
      if (!Object.values(inputs).every((input) => input.reportValidity())) {
        return;
      }
      errors.clear();
      try {
        const payload = skillPayload(inputs);
        await busy(save, put(`/api/records/${currentRecord().id}/skills/${skill.id}`, payload));
        saved = JSON.stringify(payload);
        markDirty();
        toast(`Saved ${payload.name}.`);
        await refresh();
      } catch (error) {
        errors.show(errorNotice(error, `${skill.name} was not saved`));
      }
    });
    generate.addEventListener('click', async () => {
      const current = currentRecord().skills.find((s) => s.id === skill.id) || skill;
      if (current.questionCount > 0 && !(await confirm({
        title: `Generate questions for ${current.name} again?`,
        text: `Its ${plural(current.questionCount, 'question')} are replaced, with their ratings and history.`,
        confirmLabel: 'Generate again',
      }))) {
        return;
      }
      errors.clear();
      try {
        await busy(generate, post(`/api/records/${currentRecord().id}/questions/generate${query({ skillId: skill.id })}`));
        await refresh();
      } catch (error) {
        errors.show(errorNotice(error, `Questions for ${skill.name} could not be generated`));
      }
    });
    remove.addEventListener('click', async () => {
      if (!(await confirm({ title: `Delete the skill ${skill.name}?`, text: 'Its questions go with it.', confirmLabel: 'Delete', danger: true }))) {
        return;
      }
      try {
        await busy(remove, del(`/api/records/${currentRecord().id}/skills/${skill.id}`));
        toast(`Deleted the skill ${skill.name}.`);
        await refresh();
      } catch (error) {
        errors.show(errorNotice(error, `${skill.name} was not deleted`));
      }
    });
    tr.update = (next) => {
      const cells = [badge(next.questionsStatus, next.questionsStatus === 'READY' ? `${plural(next.questionCount, 'question')}` : null)];
      if (next.questionsStatus === 'FAILED' && next.questionsFailure) {
        cells.push(h('span', { class: 'error-text' }, next.questionsFailure));
      }
      status.replaceChildren(...cells);
      generate.disabled = next.questionsStatus === 'GENERATING';
    };
    tr.update(skill);
    return tr;
  }

  function addSkillForm() {
    const inputs = skillInputs({}, 'New skill');
    const formEl = form({ class: 'inline-form' }, [
      h('div', { class: 'fields' },
        field('Name', inputs.name), field('Level', inputs.level), field('Mandatory or optional', inputs.requirement),
        field('Category', inputs.category), field('Difficulty', inputs.difficulty),
        field('Questions', inputs.numQuestions, '1 to 10'), field('Priority', inputs.priority, '1 is asked first')),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add the skill')),
    ], async () => {
      await post(`/api/records/${currentRecord().id}/skills`, skillPayload(inputs));
      toast(`Added ${inputs.name.value.trim()}.`);
      inputs.name.value = '';
      await refresh();
    });
    Object.values(inputs).forEach((input) => input.removeAttribute('aria-label'));
    return h('details', null, h('summary', null, 'Add a skill'), formEl);
  }

  section.update = (record) => {
    generateAll.hidden = record.status !== 'READY' || record.skills.length === 0;
    if (record.status !== 'READY') {
      body.replaceChildren(h('p', { class: 'muted' }, record.status === 'EXTRACTING'
        ? 'The skills appear here once they are extracted.' : 'No skills yet.'));
      table = null;
      rows.clear();
      generationSlot.clear();
      return;
    }
    const generating = record.skills.filter((s) => s.questionsStatus === 'GENERATING').length;
    if (generating) {
      const done = record.skills.length - generating;
      generation.update(done, record.skills.length, `Generating questions: ${done} of ${plural(record.skills.length, 'skill')} done`);
      if (!generationSlot.contains(generation)) {
        generationSlot.show(generation);
      }
    } else {
      generationSlot.clear();
    }
    const ids = record.skills.map((s) => s.id).join();
    if (!table || table.dataset.ids !== ids) {
      rows.clear();
      const tbody = h('tbody', null, record.skills.map((skill) => {
        const tr = row(skill);
        rows.set(skill.id, tr);
        return tr;
      }));
      table = h('table', { class: 'skills', dataset: { ids } },
        h('caption', { class: 'sr-only' }, 'Skills of this record, editable'),
        h('thead', null, h('tr', null, ['Skill', 'Level', 'Required', 'Category', 'Difficulty', 'Questions', 'Priority', 'Question status', 'Actions']
          .map((label) => h('th', { scope: 'col' }, label)))),
        tbody);
      body.replaceChildren(
        record.skills.length ? h('div', { class: 'table-wrap' }, table) : h('p', { class: 'muted' }, 'No skills: add one.'),
        h('p', { class: 'small muted' }, 'Change a value and press Save on its row. Priority 1 is asked first; the interviewer asks each skill’s number of questions.'),
        addSkillForm());
    } else {
      record.skills.forEach((skill) => rows.get(skill.id).update(skill));
    }
  };
  return section;
}

// --- questions ---------------------------------------------------------------------------------

function questionsCard(ctx, currentRecord) {
  const list = h('div', { class: 'questions' });
  const skillFilter = select([['', 'All skills']], '');
  const csv = h('button', { type: 'button' }, 'Download CSV');
  const xlsx = h('button', { type: 'button' }, 'Download Excel');
  const errors = slot();
  const tools = h('div', { class: 'table-tools' }, field('Show the questions of', skillFilter), h('div', { class: 'form-actions' }, csv, xlsx));
  const section = cardWithActions('Questions', null, errors, tools, list);
  let questions = [];

  for (const [button, kind] of [[csv, 'csv'], [xlsx, 'xlsx']]) {
    button.addEventListener('click', async () => {
      try {
        const name = await busy(button, download(`/api/records/${currentRecord().id}/questions.${kind}`, `questions.${kind}`));
        toast(`Downloaded ${name}.`);
      } catch (error) {
        errors.show(errorNotice(error, 'The download failed'));
      }
    });
  }
  skillFilter.addEventListener('change', render);

  function render() {
    const record = currentRecord();
    const chosen = skillFilter.value;
    const options = [['', 'All skills'], ...record.skills.map((s) => [s.id, s.name])];
    skillFilter.replaceChildren(...options.map(([value, text]) => h('option', { value, selected: value === chosen }, text)));
    const shown = questions.filter((q) => !chosen || q.skillId === chosen);
    tools.hidden = questions.length === 0;
    if (!questions.length) {
      list.replaceChildren(h('p', { class: 'muted' }, record.status === 'READY'
        ? 'No questions yet. Press “Generate questions for every skill” above, or Generate on one skill.'
        : 'Questions are written once the skills are extracted.'));
      return;
    }
    list.replaceChildren(...shown.map((q) => questionCard(ctx, record, q, (next) => {
      questions = questions.map((x) => (x.id === next.id ? next : x));
    })));
  }

  section.reload = async () => {
    try {
      questions = await get(`/api/records/${currentRecord().id}/questions`, { signal: ctx.signal });
      render();
    } catch (error) {
      if (error.name !== 'AbortError') {
        errors.show(errorNotice(error, 'The questions could not be loaded'));
      }
    }
  };
  section.reload();
  return section;
}

function questionCard(ctx, record, question, replaced) {
  const article = h('article', { class: 'question', dataset: { question: question.id } });
  const path = `/api/records/${record.id}/questions/${question.id}`;

  function render(q) {
    const like = h('button', { type: 'button', class: 'small like', 'aria-pressed': String(q.liked === true) }, 'Like');
    const dislike = h('button', { type: 'button', class: 'small dislike', 'aria-pressed': String(q.liked === false) }, 'Dislike');
    const regenerate = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false' }, 'Regenerate…');
    const historyButton = h('button', { type: 'button', class: 'small', 'aria-expanded': 'false' }, q.version > 1 ? `History (${q.version - 1} earlier)` : 'History');
    const panel = slot();
    const status = slot({ 'aria-live': 'polite' });

    const rate = async (liked, feedbackText, button) => {
      try {
        const next = await busy(button, put(`${path}/rating`, { liked, feedback: feedbackText }));
        replaced(next);
        render(next);
        toast(liked === null ? 'Rating cleared.' : liked ? 'Liked.' : 'Disliked: the feedback steers later generations.');
      } catch (error) {
        status.show(errorNotice(error, 'The rating was not saved'));
      }
    };
    like.addEventListener('click', () => rate(q.liked === true ? null : true, null, like));
    dislike.addEventListener('click', () => {
      if (q.liked === false) {
        rate(null, null, dislike);
        return;
      }
      const text = h('textarea', { rows: 2, maxLength: 2000, placeholder: 'e.g. Too theoretical: ask about their own projects.' });
      panel.show(form({ class: 'inline-form' }, [
        field('What is wrong with it? (optional)', text, 'Later generations for this record take it into account.'),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save the dislike'),
          h('button', { type: 'button', on: { click: () => panel.clear() } }, 'Cancel')),
      ], async () => {
        await rate(false, text.value.trim() || null, dislike);
      }));
      text.focus();
    });
    regenerate.addEventListener('click', () => {
      if (regenerate.getAttribute('aria-expanded') === 'true') {
        panel.clear();
        regenerate.setAttribute('aria-expanded', 'false');
        return;
      }
      regenerate.setAttribute('aria-expanded', 'true');
      historyButton.setAttribute('aria-expanded', 'false');
      const reason = h('textarea', { rows: 2, required: true, maxLength: 1000, placeholder: 'e.g. Make it about a production incident.' });
      panel.show(form({ class: 'inline-form' }, [
        field('Why should it change?', reason, 'The AI writes one new question for the same skill with this in mind; this version is kept in the history.'),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Regenerate'),
          h('button', { type: 'button', on: { click: () => { panel.clear(); regenerate.setAttribute('aria-expanded', 'false'); } } }, 'Cancel')),
      ], async () => {
        const accepted = await post(`${path}/regenerate`, { reason: reason.value.trim() });
        panel.clear();
        regenerate.setAttribute('aria-expanded', 'false');
        await follow(accepted.jobIds[0], q.version, status);
      }));
      reason.focus();
    });
    historyButton.addEventListener('click', async () => {
      if (historyButton.getAttribute('aria-expanded') === 'true') {
        panel.clear();
        historyButton.setAttribute('aria-expanded', 'false');
        return;
      }
      historyButton.setAttribute('aria-expanded', 'true');
      regenerate.setAttribute('aria-expanded', 'false');
      try {
        const versions = await get(`${path}/history`, { signal: ctx.signal });
        panel.show(versions.length
          ? h('ol', { class: 'history', 'aria-label': 'Earlier versions, oldest first' }, versions.map((v) => h('li', null,
            h('strong', null, `Version ${v.version}: `), v.question,
            h('div', { class: 'small muted' }, 'Replaced ', time(v.replacedAt), v.replacedBecause ? ` because: “${v.replacedBecause}”` : '',
              v.liked === true ? '; it was liked' : v.liked === false ? `; it was disliked${v.feedback ? `: “${v.feedback}”` : ''}` : ''))))
          : h('p', { class: 'muted small' }, 'This is the first version: nothing was replaced yet.'));
      } catch (error) {
        panel.show(errorNotice(error, 'The history could not be loaded'));
      }
    });

    article.replaceChildren(...[
      h('div', { class: 'meta' }, h('strong', null, q.skillName), h('span', { class: 'chip' }, words(q.format)),
        h('span', { class: 'chip' }, words(q.difficulty)), q.coding ? h('span', { class: 'chip' }, 'coding') : null,
        h('span', { class: 'chip' }, `version ${q.version}`)),
      h('h3', null, q.question),
      h('details', null, h('summary', null, 'Ideal answer'), h('p', null, q.idealAnswer)),
      h('div', { class: 'row' }, like, dislike, regenerate, historyButton),
      q.liked === false && q.feedback ? h('p', { class: 'feedback' }, `Your feedback: “${q.feedback}”`) : null,
      status, panel].filter(Boolean));
  }

  /** Follows a regeneration job until the new version is in. */
  async function follow(jobId, version, status) {
    const line = progress('Regenerating the question');
    line.update(null, 1, 'Writing a new version of this question…');
    status.show(line);
    for (;;) {
      if (!ctx.live()) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const job = await get(`/api/jobs/${jobId}`, { signal: ctx.signal });
      if (job.status === 'FAILED' || job.status === 'CANCELLED') {
        status.show(notice('error', 'The question was not regenerated', job.lastError || `The job ended ${words(job.status).toLowerCase()}.`));
        return;
      }
      if (job.status === 'SUCCEEDED') {
        const all = await get(`/api/records/${record.id}/questions`, { signal: ctx.signal });
        const next = all.find((x) => x.id === question.id);
        if (next) {
          replaced(next);
          render(next);
          toast(next.version > version ? `New version ${next.version} of the question is in.` : 'The question was kept as it was.');
        }
        return;
      }
      line.update(null, 1, 'Writing a new version of this question…', job.attempts > 1 ? `attempt ${job.attempts}` : words(job.status));
    }
  }

  render(question);
  return article;
}

// --- record-wide feedback ----------------------------------------------------------------------

function feedbackCard(ctx, recordId) {
  const list = h('ul', { class: 'history' });
  const text = h('textarea', { rows: 3, required: true, maxLength: 2000, placeholder: 'e.g. Prefer practical scenarios over definitions.' });
  const formEl = form(null, [
    field('Feedback on the questions as a whole', text, 'Every later generation and regeneration for this record takes it into account.'),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Add feedback')),
  ], async () => {
    await post(`/api/records/${recordId}/feedback`, { text: text.value.trim() });
    text.value = '';
    toast('Feedback added.');
    await load();
  });
  async function load() {
    const items = await get(`/api/records/${recordId}/feedback`, { signal: ctx.signal });
    list.replaceChildren(...(items.length ? items.map((f) => h('li', null, f.text, h('div', { class: 'small muted' }, time(f.createdAt))))
      : [h('li', { class: 'muted' }, 'None yet.')]));
  }
  load().catch(() => list.replaceChildren(h('li', { class: 'muted' }, 'The feedback could not be loaded.')));
  return card('Feedback', list, formEl);
}

// --- scorecard weights -------------------------------------------------------------------------

function weightsCard(currentRecord, changed) {
  const body = h('div');
  const section = card('Scorecard weights', body);
  function render() {
    const record = currentRecord();
    const own = record.scorecardWeights;
    const inputs = ['skills', 'questions', 'communication'].map((part) => h('input', {
      type: 'number', min: 0, max: 1, step: 0.05, required: true, value: own ? String(own[part]) : '',
      placeholder: { skills: '0.5', questions: '0.3', communication: '0.2' }[part],
    }));
    const reset = h('button', { type: 'button', hidden: !own }, 'Use the service’s weights');
    reset.addEventListener('click', async () => {
      try {
        changed(await busy(reset, del(`/api/records/${record.id}/scorecard-weights`)));
        toast('The record uses the service’s weights again.');
        render();
      } catch (error) {
        formEl.errors.show(errorNotice(error, 'The weights were not changed'));
      }
    });
    const formEl = form(null, [
      h('div', { class: 'fields' }, field('Skills', inputs[0]), field('Answers', inputs[1]), field('Communication', inputs[2])),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save weights'), reset),
    ], async () => {
      const [skills, questions, communication] = inputs.map((i) => Number(i.value));
      if (skills + questions + communication <= 0) {
        throw new Error('At least one weight must be above 0.');
      }
      changed(await put(`/api/records/${record.id}/scorecard-weights`, { skills, questions, communication }));
      toast('Weights saved: analyses of this record use them from now on.');
      render();
    });
    body.replaceChildren(
      h('p', { class: 'small' }, own
        ? `This record’s analyses weigh skills ${own.skills}, answers ${own.questions}, communication ${own.communication} (relative weights).`
        : 'This record’s analyses use the service’s weights (FLO_SCORECARD_WEIGHT_*; 0.5, 0.3 and 0.2 unless changed). Set the record’s own here: each 0 to 1, relative.'),
      formEl);
  }
  render();
  return section;
}

