// One session: while it runs, the transcript as the server writes it, the latency of each turn,
// the proctoring events and the integrity score, refreshed every two seconds; after it ends, its
// analysis.

import { h, time, words, clock, ms } from './dom.js';
import { get, post, del, query } from './api.js';
import { pageHeader, notice, errorNotice, card, toast, busy, slot, confirm, facts, progress } from './ui.js';
import { sessionBadge } from './interviews.js';
import * as charts from './charts.js';

const OPEN = ['CREATED', 'LIVE'];

const EVENT_WORDS = {
  TAB_HIDDEN: 'Left the tab',
  WINDOW_BLUR: 'Left the window',
  PASTE: 'Pasted text',
  COPY: 'Copied text',
  FACE_MISSING: 'Face not visible',
  MULTIPLE_FACES: 'More than one face',
  FULLSCREEN_EXIT: 'Left full screen',
  DEVTOOLS_OPEN: 'Opened developer tools',
  NOISE: 'Noise',
};

export async function sessionPage(ctx, id) {
  let session = await get(`/api/sessions/${id}`, { signal: ctx.signal });
  const interview = await get(`/api/interviews/${session.interviewId}`, { signal: ctx.signal }).catch(() => null);
  ctx.title(`Session of ${session.candidateName}`);

  const statusSlot = h('span', null, sessionBadge(session));
  const liveLine = slot();
  const errors = slot();
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete session');
  remove.addEventListener('click', async () => {
    if (!(await confirm({
      title: `Delete the session of ${session.candidateName}?`,
      text: ['Its transcript, recording, proctoring events, turn measurements and analysis go with it.', 'It cannot be undone.'],
      confirmLabel: 'Delete', danger: true,
    }))) {
      return;
    }
    try {
      await busy(remove, del(`/api/sessions/${id}`));
      toast('Session deleted.');
      location.hash = `#/interviews/${session.interviewId}`;
    } catch (error) {
      errors.show(errorNotice(error, 'Not deleted'));
    }
  });

  // The transcript: lines are appended as they come; the view follows when it is at the bottom.
  const transcript = h('ol', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Transcript', tabindex: '0' });
  const transcriptEmpty = h('p', { class: 'muted' }, 'Nothing said yet.');
  const seen = new Set();
  function addLines(entries) {
    const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
    for (const entry of entries) {
      if (seen.has(entry.seq)) {
        continue;
      }
      seen.add(entry.seq);
      const speaker = (entry.speaker || '').toLowerCase();
      transcript.append(h('li', null, h('span', { class: 'at' }, clock(entry.startMs)),
        h('span', { class: `speaker speaker--${speaker}` }, words(entry.speaker)), h('span', { class: 'text' }, entry.text)));
    }
    transcriptEmpty.hidden = seen.size > 0;
    transcript.hidden = seen.size === 0;
    if (atBottom) {
      transcript.scrollTop = transcript.scrollHeight;
    }
  }

  const latency = slot();
  const integrity = slot();
  const details = slot();
  const analysis = slot();

  function renderDetails() {
    statusSlot.replaceChildren(sessionBadge(session));
    const rq = session.resumeQuestions || {};
    let resume = words(rq.status);
    if (rq.status === 'FAILED') {
      const again = h('button', { type: 'button', class: 'small' }, 'Draw them again');
      again.addEventListener('click', async () => {
        try {
          await busy(again, post(`/api/sessions/${id}/resume-questions`));
          toast('The resume questions are being drawn again.');
        } catch (error) {
          errors.show(errorNotice(error, 'Not started'));
        }
      });
      resume = h('span', null, `Failed: ${rq.failure || 'no reason given'} `, again);
    } else if (rq.status === 'NONE') {
      resume = 'No resume was sent';
    }
    details.show(facts([
      ['Interview', interview ? h('a', { href: `#/interviews/${interview.id}` }, interview.role) : session.interviewId],
      ['Practice', session.practice ? 'Yes: not analysed' : null],
      ['Consent', session.consent ? h('span', null, `Agreed to version ${session.consent.version}, `, time(session.consent.at)) : 'Not recorded'],
      ['Joined', time(session.createdAt)],
      ['Started', time(session.startedAt)],
      ['Ended', time(session.endedAt)],
      ['Resume questions', resume],
      ['Failure', session.failure],
    ]));
    if (session.status === 'LIVE') {
      liveLine.show(notice('info', null, h('p', null, h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
        'Live now: the transcript updates every two seconds, latencies and proctoring events every six.')));
    } else if (session.status === 'CREATED') {
      liveLine.show(notice('info', null, 'The candidate has joined but the interview has not started yet: this page updates on its own.'));
    } else {
      liveLine.clear();
    }
  }

  /** The transcript every time; the measurements only when asked (every third time while live). */
  async function loadLive(measurements = true) {
    addLines(await get(`/api/sessions/${id}/transcript`, { signal: ctx.signal }));
    if (!measurements) {
      return;
    }
    const [turns, score, events] = await Promise.all([
      get(`/api/sessions/${id}/turns`, { signal: ctx.signal }),
      get(`/api/sessions/${id}/integrity`, { signal: ctx.signal }),
      get(`/api/sessions/${id}/proctoring`, { signal: ctx.signal }),
    ]);
    latency.show(turns.length ? charts.latencies(turns) : h('p', { class: 'muted' }, 'No turns measured yet: they appear as the interviewer answers.'));
    const counted = score.breakdown.filter((b) => b.count > 0);
    integrity.show(
      charts.integrity(score.score),
      h('p', { class: 'small muted' }, '100 minus a capped penalty per kind of event the candidate’s browser reported.'),
      counted.length
        ? h('table', null, h('caption', { class: 'sr-only' }, 'Penalties by kind of event'),
          h('thead', null, h('tr', null, ['Event', 'Times', 'Penalty'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
          h('tbody', null, counted.map((b) => h('tr', null, h('th', { scope: 'row' }, EVENT_WORDS[b.type] || words(b.type)),
            h('td', { class: 'num' }, String(b.count)), h('td', { class: 'num' }, `−${b.penalty} (at most ${b.cap})`)))))
        : h('p', null, 'No proctoring events.'),
      events.length
        ? h('details', { dataset: { key: 'events' } }, h('summary', null, `Every event (${events.length})`), h('ul', { class: 'events' }, events.map((e) => h('li', null,
          time(e.at), ' · ', h('strong', null, EVENT_WORDS[e.type] || words(e.type)),
          e.durationMs ? ` for ${ms(e.durationMs)}` : '', e.detail ? ` · “${e.detail}”` : ''))))
        : null);
  }

  let analysisStream = null;
  async function loadAnalysis() {
    if (session.practice) {
      analysis.show(h('p', { class: 'muted' }, 'A practice session is not analysed.'));
      return true;
    }
    if (OPEN.includes(session.status)) {
      analysis.show(h('p', { class: 'muted' }, 'The interview is analysed when it ends.'));
      return false;
    }
    const found = await get(`/api/analyses${query({ sessionId: id, limit: 1 })}`, { signal: ctx.signal });
    if (!found.length) {
      analysis.show(h('p', { class: 'muted' }, 'The analysis is being set up…'));
      return false;
    }
    const a = found[0];
    const link = h('a', { class: 'button primary', href: `#/analyses/${a.id}` }, a.status === 'COMPLETED' ? 'Open the report' : 'Open the analysis');
    if (a.status === 'QUEUED' || a.status === 'PROCESSING') {
      if (!analysisStream) {
        analysisStream = progress('Analysis');
      }
      analysisStream.update(a.percent, 100, a.stage ? words(a.stage) : 'Queued', `${a.percent}%`);
      analysis.show(analysisStream, link);
      return false;
    }
    if (a.status === 'FAILED') {
      analysis.show(notice('error', 'The analysis failed', a.error || 'No reason was given.'), link);
      return true;
    }
    const full = await get(`/api/analyses/${a.id}`, { signal: ctx.signal });
    const report = full.report;
    analysis.show(
      report && report.scorecard ? h('div', { class: 'overall' }, h('span', { class: 'big' }, report.scorecard.overall ?? '–'),
        h('span', { class: 'of' }, report.scorecard.overall !== null ? 'of 100 overall' : 'no overall score')) : null,
      report && report.insights ? h('p', null, 'Recommendation: ', h('strong', null, words(report.insights.hiringRecommendation))) : null,
      link);
    return true;
  }

  ctx.main.replaceChildren(
    pageHeader({
      title: session.candidateName,
      crumbs: [h('a', { href: '#/interviews' }, 'Interviews'), ' / ',
        interview ? [h('a', { href: `#/interviews/${interview.id}` }, interview.role), ' / '] : null],
      badge: statusSlot,
      lead: 'A candidate’s session with the AI interviewer.',
      actions: remove,
    }),
    errors, liveLine,
    h('div', { class: 'grid-2' },
      card('Transcript', h('p', { class: 'small muted' }, 'Written by the server as the interview happens.'), transcriptEmpty, transcript),
      h('div', { class: 'stack' }, card('Integrity', integrity), card('Analysis', analysis), card('Details', details))),
    card('Turn latencies', latency));

  renderDetails();
  await loadLive();
  let analysisDone = await loadAnalysis();

  let ticks = 0;
  ctx.every(2000, async () => {
    ticks += 1;
    const wasOpen = OPEN.includes(session.status);
    if (!wasOpen && analysisDone) {
      return false;
    }
    if (!wasOpen && ticks % 2) {
      return true; // after the interview, every four seconds is enough
    }
    session = await get(`/api/sessions/${id}`, { signal: ctx.signal });
    renderDetails();
    if (wasOpen || OPEN.includes(session.status)) {
      await loadLive(ticks % 3 === 0 || !OPEN.includes(session.status));
    }
    analysisDone = await loadAnalysis();
    return true;
  });
  if (session.status === 'LIVE') {
    transcript.scrollTop = transcript.scrollHeight;
  }
}
