// Analyses: the list (status, job record, text), uploading a recording or transcript with its
// upload progress, one analysis with the pipeline's progress (Server-Sent Events), its failure in
// words, the report (charts, the full HTML report, PDF, share link), re-runs, and comparison with a
// human evaluation.

import { h, time, words, plural, bytes, clock } from './dom.js';
import { get, post, del, upload, download, events, query } from './api.js';
import {
  pageHeader, badge, notice, errorNotice, emptyState, card, cardWithActions, toast, field, select, busy, slot, form,
  confirm, dataTable, progress, copyButton,
} from './ui.js';
import * as charts from './charts.js';

const ACTIVE = ['QUEUED', 'PROCESSING'];
const MEDIA = 'audio/*,video/*,.mp3,.wav,.m4a,.aac,.ogg,.opus,.flac,.webm,.mp4,.mov,.mkv,.txt,.pdf';

function sourceName(a) {
  if (a.source.fileName) {
    return a.source.fileName;
  }
  return a.source.sessionId ? 'Interview session' : 'Analysis';
}

function statusCell(a) {
  if (ACTIVE.includes(a.status)) {
    return h('span', null, badge(a.status), ' ', h('span', { class: 'small muted' }, `${words(a.stage || 'queued')} ${a.percent}%`));
  }
  if (a.status === 'FAILED') {
    return h('span', null, badge(a.status), h('span', { class: 'error-text' }, a.error || ''));
  }
  return badge(a.status);
}

// --- the list ----------------------------------------------------------------------------------

export async function analysesPage(ctx) {
  ctx.title('Analyses');
  const records = await get('/api/records?limit=500', { signal: ctx.signal });
  const titles = new Map(records.map((r) => [r.id, r.title]));
  const statusFilter = select([['', 'Any'], 'QUEUED', 'PROCESSING', 'COMPLETED', 'FAILED'], ctx.params.get('status') || '');
  const recordFilter = select([['', 'Any'], ...records.map((r) => [r.id, r.title])], ctx.params.get('record') || '');
  const more = h('button', { type: 'button' }, 'Show older analyses');
  const limit = 100;
  let rows = [];

  const table = dataTable({
    caption: 'Analyses',
    rows: [],
    tools: [field('Status', statusFilter), field('Job record', recordFilter)],
    search: (a) => `${sourceName(a)} ${a.source.jobRole || ''} ${titles.get(a.source.recordId) || ''} ${a.error || ''}`,
    sort: { key: 'created', dir: 'desc' },
    columns: [
      { key: 'source', label: 'Source', sort: (a) => sourceName(a).toLowerCase(), render: (a) => h('a', { href: `#/analyses/${a.id}` }, sourceName(a)) },
      { key: 'kind', label: 'Kind', sort: (a) => a.source.kind, render: (a) => words(a.source.kind) },
      { key: 'for', label: 'For', sort: (a) => titles.get(a.source.recordId) || a.source.jobRole || '',
        render: (a) => (a.source.recordId && titles.has(a.source.recordId)
          ? h('a', { href: `#/records/${a.source.recordId}` }, titles.get(a.source.recordId)) : a.source.jobRole || '') },
      { key: 'status', label: 'Status', sort: (a) => a.status, render: statusCell },
      { key: 'runs', label: 'Reports', num: true, sort: (a) => a.completedRuns.length, render: (a) => String(a.completedRuns.length) },
      { key: 'created', label: 'Created', sort: (a) => a.createdAt, render: (a) => time(a.createdAt) },
    ],
    empty: h('p', { class: 'empty' }, 'No analysis matches these filters.'),
  });

  async function load(append = false) {
    const page = await get(`/api/analyses${query({ limit, offset: append ? rows.length : 0, status: statusFilter.value, recordId: recordFilter.value })}`,
      { signal: ctx.signal });
    rows = append ? rows.concat(page) : page;
    table.update(rows);
    more.hidden = page.length < limit;
  }
  statusFilter.addEventListener('change', () => load());
  recordFilter.addEventListener('change', () => load());
  more.addEventListener('click', () => busy(more, load(true)));

  await load();
  const header = pageHeader({
    title: 'Analyses',
    lead: 'Reports on interviews: every ended interview is analysed on its own, and recordings or transcripts made elsewhere can be uploaded.',
    actions: h('a', { class: 'button primary', href: '#/analyses/new' }, 'Upload a recording'),
  });
  if (!rows.length && !statusFilter.value && !recordFilter.value) {
    ctx.main.replaceChildren(header, emptyState('No analyses yet',
      'Upload a recording (mp3, wav, m4a, mp4, webm, …) or a transcript (txt, pdf) to get a report, or run an interview: it is analysed when it ends.',
      h('a', { class: 'button primary', href: '#/analyses/new' }, 'Upload a recording or transcript')));
    return;
  }
  ctx.main.replaceChildren(header, table, h('div', { class: 'form-actions' }, more));
  ctx.every(3000, async () => {
    if (rows.some((a) => ACTIVE.includes(a.status))) {
      await load();
    }
    return true;
  });
}

// --- upload ------------------------------------------------------------------------------------

export async function uploadPage(ctx) {
  ctx.title('Upload a recording');
  const records = (await get('/api/records?limit=500', { signal: ctx.signal })).filter((r) => r.status === 'READY');
  const file = h('input', { type: 'file', required: true, accept: MEDIA });
  const record = select([['', 'None: name the skills below'], ...records.map((r) => [r.id, r.title])], ctx.params.get('record') || '');
  const skills = h('input', { type: 'text', placeholder: 'e.g. Java, PostgreSQL, Kubernetes', autocomplete: 'off' });
  const role = h('input', { type: 'text', maxLength: 200, placeholder: 'e.g. Backend Engineer' });
  const bar = progress('Upload');
  const progressSlot = slot();
  const cancel = h('button', { type: 'button', hidden: true }, 'Cancel the upload');
  let uploading = null;
  cancel.addEventListener('click', () => uploading && uploading.abort());
  const toggleSkills = () => {
    skills.closest('.field').hidden = Boolean(record.value);
  };
  record.addEventListener('change', toggleSkills);

  const formEl = form({ class: 'card' }, [
    field('Recording or transcript', file, 'Audio or video (mp3, wav, m4a, aac, ogg, opus, flac, webm, mp4, mov, mkv, …), recognised by its content; or a transcript as text (lines may start with [hh:mm:ss] and “Interviewer:” or “Candidate:”) or PDF.'),
    h('div', { class: 'fields' },
      field('Job record', record, 'Its skills are assessed and its scorecard weights used.'),
      field('Skills to assess', skills, 'Comma-separated, up to 20; without them, the AI picks the skills the interview shows.'),
      field('Role', role, 'Optional: the role the interview was for.')),
    progressSlot,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Upload and analyse'), cancel,
      h('a', { class: 'button', href: '#/analyses' }, 'Back to the analyses')),
  ], async () => {
    const chosen = file.files[0];
    const body = new FormData();
    body.append('file', chosen);
    if (record.value) {
      body.append('recordId', record.value);
    } else {
      skills.value.split(',').map((s) => s.trim()).filter(Boolean).forEach((s) => body.append('skills', s));
    }
    if (role.value.trim()) {
      body.append('jobRole', role.value.trim());
    }
    uploading = new AbortController();
    cancel.hidden = false;
    progressSlot.show(bar);
    bar.update(0, chosen.size, `Uploading ${chosen.name}`, `0 of ${bytes(chosen.size)}`);
    try {
      const created = await upload('/api/analyses', body, {
        signal: uploading.signal,
        onProgress: (sent, total) => bar.update(sent, total, sent < total ? `Uploading ${chosen.name}` : 'Uploaded: the server checks the file…',
          `${Math.round((sent / total) * 100)}% · ${bytes(sent)} of ${bytes(total)}`),
      });
      toast('Uploaded: the analysis has started.');
      location.hash = `#/analyses/${created.id}`;
    } catch (error) {
      progressSlot.clear();
      if (error.name === 'AbortError') {
        toast('Upload cancelled.');
        return;
      }
      throw error;
    } finally {
      uploading = null;
      cancel.hidden = true;
    }
  });
  ctx.signal.addEventListener('abort', () => uploading && uploading.abort());
  ctx.main.replaceChildren(pageHeader({
    title: 'Upload a recording or transcript',
    crumbs: [h('a', { href: '#/analyses' }, 'Analyses'), ' / '],
    lead: 'The file is checked as it arrives; then it is transcribed and analysed. You can follow each step.',
  }), formEl);
  toggleSkills();
}

// --- one analysis ------------------------------------------------------------------------------

const RECOMMENDATIONS = {
  STRONG_YES: 'Strong yes', YES: 'Yes', NO: 'No', STRONG_NO: 'Strong no', UNDECIDED: 'Undecided',
};

export async function analysisPage(ctx, id) {
  let a = await get(`/api/analyses/${id}`, { signal: ctx.signal });
  const records = await get('/api/records?limit=500', { signal: ctx.signal }).catch(() => []);
  const titles = new Map(records.map((r) => [r.id, r.title]));
  let run = null;
  let streaming = false;

  const statusSlot = h('span');
  const live = slot();
  const failure = slot();
  const results = slot();
  const messages = slot();
  const stream = progress('Analysis progress');
  const stageLine = h('p', { class: 'sr-only', 'aria-live': 'polite' });

  const pdf = h('button', { type: 'button' }, 'Download PDF');
  const share = h('button', { type: 'button' }, 'Create a share link');
  const fairness = h('button', { type: 'button' }, 'Fairness check');
  const rerun = h('button', { type: 'button' }, 'Run again');
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  const actions = [pdf, share, fairness, rerun, remove];

  pdf.addEventListener('click', async () => {
    try {
      const name = await busy(pdf, download(`/api/analyses/${id}/report.pdf${query({ run })}`, `analysis-${id}.pdf`));
      toast(`Downloaded ${name}.`);
    } catch (error) {
      messages.show(errorNotice(error, 'The PDF could not be downloaded'));
    }
  });
  share.addEventListener('click', async () => {
    try {
      const link = await busy(share, post(`/api/analyses/${id}/report-links`));
      const input = h('input', { id: 'share-link', type: 'text', readOnly: true, value: link.html });
      input.addEventListener('focus', () => input.select());
      messages.show(h('section', { class: 'card code-panel', 'aria-label': 'Share link' },
        h('h2', null, 'A link to this report'),
        h('p', null, 'Anyone with the link can read the report (HTML, and PDF at the same address with /pdf), without a key, until ',
          time(link.expiresAt), '. Each opening is in the activity log.'),
        h('div', { class: 'link-row' }, input, copyButton('Copy the link', link.html))));
      input.focus();
    } catch (error) {
      messages.show(errorNotice(error, 'No link was created'));
    }
  });
  fairness.addEventListener('click', async () => {
    if (!(await confirm({
      title: 'Run a fairness check?',
      text: 'The transcript is assessed again with the candidate’s name and background swapped (a documented list), and each skill’s score is compared with the report’s. The result is shown in the report.',
      confirmLabel: 'Run the check',
    }))) {
      return;
    }
    try {
      await busy(fairness, post(`/api/analyses/${id}/fairness-check`));
      toast('Fairness check started.');
      ctx.every(2000, async () => {
        const check = await get(`/api/analyses/${id}/fairness-check`, { signal: ctx.signal });
        if (check.status === 'QUEUED' || check.status === 'RUNNING') {
          return true;
        }
        a = await get(`/api/analyses/${id}`, { signal: ctx.signal });
        run = null;
        render();
        toast(check.status === 'COMPLETED' ? `Fairness check: ${check.verdict.toLowerCase()}.` : 'The fairness check failed.');
        return false;
      });
    } catch (error) {
      messages.show(errorNotice(error, 'No fairness check was started'));
    }
  });
  rerun.addEventListener('click', async () => {
    if (!(await confirm({
      title: 'Run the analysis again?',
      text: 'A new run assesses the stored transcript again (or starts from the step that failed); earlier reports are kept and can still be read.',
      confirmLabel: 'Run again',
    }))) {
      return;
    }
    try {
      a = await busy(rerun, post(`/api/analyses/${id}/rerun`));
      run = null;
      render();
      follow();
    } catch (error) {
      messages.show(errorNotice(error, 'Not started again'));
    }
  });
  remove.addEventListener('click', async () => {
    if (!(await confirm({
      title: 'Delete this analysis?',
      text: ['Every run, report, share link, comparison and fairness check goes, with the uploaded file and the transcript.', 'It cannot be undone.'],
      confirmLabel: 'Delete everything', danger: true,
    }))) {
      return;
    }
    try {
      await busy(remove, del(`/api/analyses/${id}`));
      toast('Analysis deleted.');
      location.hash = '#/analyses';
    } catch (error) {
      messages.show(errorNotice(error, 'Not deleted'));
    }
  });

  function renderProgress(state) {
    const stage = state.stage ? words(state.stage) : 'Waiting for a worker';
    stream.update(state.percent ?? 0, 100, `${stage}…`, `${state.percent ?? 0}%`);
    if (stageLine.textContent !== stage) {
      stageLine.textContent = `${stage}`;
    }
  }

  async function follow() {
    if (streaming || !ACTIVE.includes(a.status)) {
      return;
    }
    streaming = true;
    try {
      let finished = false;
      await events(`/api/analyses/${id}/events`, (name, data) => {
        if (typeof data === 'object' && data) {
          renderProgress(data);
        }
        if (name === 'completed' || name === 'failed') {
          finished = true;
        }
      }, ctx.signal);
      if (!ctx.live()) {
        return;
      }
      a = await get(`/api/analyses/${id}`, { signal: ctx.signal });
      if (!finished && ACTIVE.includes(a.status)) {
        // The stream ended early (a proxy's timeout, a restart): follow it again.
        streaming = false;
        setTimeout(follow, 1000);
        return;
      }
      run = null;
      render();
      toast(a.status === 'COMPLETED' ? 'The analysis is complete.' : 'The analysis failed.');
    } catch (error) {
      if (error.name !== 'AbortError') {
        live.show(errorNotice(error, 'Progress could not be followed'), stream);
        ctx.every(3000, async () => {
          a = await get(`/api/analyses/${id}`, { signal: ctx.signal });
          if (!ACTIVE.includes(a.status)) {
            render();
            return false;
          }
          renderProgress(a);
          return true;
        });
      }
    } finally {
      streaming = false;
    }
  }

  function render() {
    ctx.title(sourceName(a));
    statusSlot.replaceChildren(badge(a.status));
    const hasReport = a.completedRuns.length > 0;
    pdf.hidden = !hasReport;
    share.hidden = !hasReport;
    rerun.hidden = ACTIVE.includes(a.status);
    fairness.hidden = a.status !== 'COMPLETED';
    if (ACTIVE.includes(a.status)) {
      renderProgress(a);
      live.show(card('Progress', stream, stageLine,
        h('p', { class: 'small muted' }, 'Checking and normalising the audio, transcribing it in chunks, then the assessment: each step is a job the worker runs, and comes back after a restart.')));
    } else {
      live.clear();
    }
    if (a.status === 'FAILED') {
      failure.show(notice('error', `The analysis failed${a.stage ? ` while ${a.stage}` : ''}`, a.error || 'No reason was given.',
        h('p', null, hasReport ? 'The earlier report below still stands. ' : '', '“Run again” starts from the step that failed; what is done is kept.')));
    } else {
      failure.clear();
    }
    if (hasReport) {
      renderReport();
    } else {
      results.clear();
    }
  }

  async function renderReport() {
    const runs = a.completedRuns;
    const shown = run || runs[runs.length - 1];
    const report = run && run !== runs[runs.length - 1]
      ? await get(`/api/analyses/${id}/report${query({ run })}`, { signal: ctx.signal }) : a.report;
    if (!report) {
      return;
    }
    const runPicker = runs.length > 1 ? select(runs.map((n) => [n, `Run ${n}${n === runs[runs.length - 1] ? ' (latest)' : ''}`]), shown) : null;
    if (runPicker) {
      runPicker.addEventListener('change', () => {
        run = Number(runPicker.value);
        renderReport();
      });
    }
    const insights = report.insights;
    const flags = report.integrity && report.integrity.flags ? report.integrity.flags : [];
    const notAssessable = report.assessability && report.assessability.assessable === false;
    const summary = card('Summary',
      runPicker ? field('Report of', runPicker) : null,
      notAssessable ? notice('warn', 'Not assessable', report.assessability.reason || '') : null,
      flags.length ? notice('warn', `${plural(flags.length, 'line')} read like instructions to the grader`,
        'A person should read them: see “Integrity” in the full report. Nothing in them counts as evidence.') : null,
      insights && insights.hiringRecommendation ? h('p', null, 'Recommendation: ',
        h('span', { class: `recommendation recommendation--${insights.hiringRecommendation.toLowerCase()}` },
          RECOMMENDATIONS[insights.hiringRecommendation] || words(insights.hiringRecommendation)),
        insights.recommendationReason ? h('span', { class: 'muted' }, ` — ${insights.recommendationReason}`) : null) : null,
      report.executiveSummary ? h('p', null, report.executiveSummary) : null,
      insights && insights.strengths && insights.strengths.length
        ? [h('h3', null, 'Strengths'), h('ul', null, insights.strengths.map((s) => h('li', null, s)))] : null,
      insights && insights.weaknesses && insights.weaknesses.length
        ? [h('h3', null, 'To probe'), h('ul', null, insights.weaknesses.map((s) => h('li', null, s)))] : null,
      h('p', { class: 'small muted' }, `Run ${report.run}, completed `, time(new Date(report.completedAt).toISOString()), '.'));
    const scores = card('Scores', report.scorecard ? charts.scorecard(report.scorecard) : h('p', { class: 'muted' }, 'No scorecard.'),
      report.skills && report.skills.length ? charts.skills(report.skills) : null);
    const frame = h('iframe', {
      class: 'report',
      title: `Full report of ${sourceName(a)}, run ${shown}`,
      src: `/console/report.html${query({ analysis: id, run: shown })}`,
    });
    results.show(
      h('div', { class: 'grid-2' }, summary, scores),
      cardWithActions('The full report', h('span', { class: 'small muted' }, 'The same as the PDF and the share link.'), frame),
      compareCard(ctx, id));
  }

  const source = a.source;
  const about = [words(source.kind)];
  if (source.durationMs) {
    about.push(`, ${clock(source.durationMs)} long`);
  }
  if (source.recordId) {
    about.push(', for ', h('a', { href: `#/records/${source.recordId}` }, titles.get(source.recordId) || 'a job record'));
  } else if (source.jobRole) {
    about.push(`, for ${source.jobRole}`);
  }
  if (source.sessionId) {
    about.push(', from ', h('a', { href: `#/sessions/${source.sessionId}` }, 'an interview session'));
  }
  about.push(', created ', time(a.createdAt));
  if (a.skills && a.skills.length) {
    about.push(h('br'), `Skills asked for: ${a.skills.join(', ')}`);
  }
  ctx.main.replaceChildren(
    pageHeader({
      title: sourceName(a),
      crumbs: [h('a', { href: '#/analyses' }, 'Analyses'), ' / '],
      badge: statusSlot,
      lead: h('span', null, about),
      actions,
    }),
    messages, live, failure, results);
  render();
  follow();
}

function compareCard(ctx, id) {
  const text = h('textarea', { rows: 5, placeholder: 'Paste the interviewer’s notes or scorecard here, or choose a file below.' });
  const file = h('input', { type: 'file', accept: '.pdf,.txt,application/pdf,text/plain' });
  const result = slot({ 'aria-live': 'polite' });
  const formEl = form(null, [
    field('The human evaluation', text),
    field('Or a file', file, 'A PDF with text, or a text file.'),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Compare')),
  ], async () => {
    const body = new FormData();
    body.append('analysisId', id);
    if (file.files[0]) {
      body.append('evaluation', file.files[0]);
    } else if (text.value.trim()) {
      body.append('evaluationText', text.value.trim());
    } else {
      throw new Error('Paste the evaluation or choose its file.');
    }
    result.show(h('p', { class: 'muted' }, 'Comparing…'));
    try {
      const answer = await upload('/api/analyses/compare', body, { signal: ctx.signal });
      const c = answer.comparison;
      result.show(h('div', { class: 'stack' },
        h('p', null, 'Alignment: ', badge(c.alignment === 'HIGH' ? 'READY' : c.alignment === 'LOW' ? 'FAILED' : 'EXPIRED', words(c.alignment))),
        h('p', null, c.summary),
        c.agreements.length ? [h('h3', null, 'Both say'), h('ul', null, c.agreements.map((x) => h('li', null, x)))] : null,
        c.disagreements.length ? [h('h3', null, 'They differ on'), h('ul', null, c.disagreements.map((x) => h('li', null, x)))] : null,
        c.skills.length ? h('div', { class: 'table-wrap' }, h('table', null, h('caption', { class: 'sr-only' }, 'Per skill'),
          h('thead', null, h('tr', null, ['Skill', 'Human', 'AI', 'Agree'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, c.skills.map((s) => h('tr', null, h('th', { scope: 'row' }, s.skill), h('td', null, s.human), h('td', null, s.ai),
            h('td', null, s.agrees ? 'Yes' : 'No')))))) : null));
    } catch (error) {
      result.clear();
      throw error;
    }
  });
  return card('Compare with a human evaluation', h('p', { class: 'small muted' }, 'The AI’s latest report is set beside an interviewer’s own evaluation: where they agree and where they do not.'), formEl, result);
}

