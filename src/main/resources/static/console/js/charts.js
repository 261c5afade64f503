// Charts where people would rather look than read: the scorecard, skills, turn latencies, the
// integrity score. Drawn as SVG with attributes only (the CSP allows no inline style); every chart
// carries its numbers as text too, for screen readers and for reading.

import { h, svg, ms, number } from './dom.js';

function tone(score) {
  if (score === null || score === undefined) {
    return '';
  }
  return score >= 70 ? 'bar-fill--good' : score >= 45 ? 'bar-fill--mid' : 'bar-fill--low';
}

/** One bar from 0 to max; an absent value is a dashed outline. */
function bar(value, max, colour) {
  const graphic = svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' },
    svg('rect', { class: 'bar-track', x: 0, y: 0, width: 100, height: 10, rx: 2 }));
  if (value === null || value === undefined) {
    graphic.append(svg('rect', { class: 'bar-absent', x: 0.3, y: 0.3, width: 99.4, height: 9.4, rx: 2 }));
  } else {
    const width = Math.max(0, Math.min(100, (value / max) * 100));
    graphic.append(svg('rect', { class: `bar-fill ${colour || tone((value / max) * 100)}`, x: 0, y: 0, width, height: 10, rx: 2 }));
  }
  return graphic;
}

/**
 * Horizontal bars. items: [{label, sublabel, value (or null), display, note}], max (100).
 */
export function bars({ caption, items, max = 100, unit = '' }) {
  const rows = items.map((item) => [
    h('div', { class: 'label' }, item.label, item.sublabel ? h('small', null, item.sublabel) : null),
    bar(item.value, max, item.colour),
    h('div', { class: 'value' }, item.display ?? (item.value === null || item.value === undefined ? '–' : `${number(item.value)}${unit}`)),
    item.note ? h('div', { class: 'note' }, item.note) : null,
  ]);
  return h('figure', { class: 'chart' }, h('figcaption', null, caption), h('div', { class: 'bars' }, rows));
}

const SCORECARD_PARTS = { skills: 'Skills', questions: 'Answers to the questions', communication: 'Communication' };

/** The scorecard: the overall score and each weighted part. */
export function scorecard(card) {
  const overall = h('div', { class: 'overall' },
    h('span', { class: 'big' }, card.overall ?? '–'),
    h('span', { class: 'of' }, card.overall !== null && card.overall !== undefined ? 'of 100 overall' : 'no overall score'),
    card.status === 'PARTIAL' ? h('span', { class: 'badge badge--expired' }, 'partial') : null);
  const items = (card.components || []).map((c) => ({
    label: SCORECARD_PARTS[c.name] || c.name,
    sublabel: c.share !== null && c.share !== undefined
      ? `weight ${Math.round(c.weight * 100)}%, counts ${Math.round(c.share * 100)}%`
      : `weight ${Math.round(c.weight * 100)}%, not counted`,
    value: c.score,
    note: c.score === null || c.score === undefined ? `Not scored: ${c.absentReason || 'no reason given'}` : null,
  }));
  return h('div', null, overall,
    card.basis ? h('p', { class: 'small muted' }, card.basis) : null,
    card.absentReason ? h('p', { class: 'small' }, card.absentReason) : null,
    bars({ caption: 'Scorecard', items }),
    card.weightsFrom ? h('p', { class: 'small muted' }, `Weights from the ${card.weightsFrom}.`) : null);
}

/** Skill scores with level and confidence; a skill without a score says why. */
export function skills(list) {
  return bars({
    caption: 'Skills',
    items: (list || []).map((s) => ({
      label: s.skill,
      sublabel: [s.level ? s.level.charAt(0) + s.level.slice(1).toLowerCase() : null, s.confidence ? `${s.confidence.toLowerCase()} confidence` : null].filter(Boolean).join(', '),
      value: s.score,
      note: s.score === null || s.score === undefined ? `Not scored: ${s.absentReason || 'no reason given'}` : null,
    })),
  });
}

const SEGMENTS = [
  ['endpointingMs', 'End of turn detected', 'seg-endpointing'],
  ['sttMs', 'Speech to text', 'seg-stt'],
  ['llmFirstTokenMs', 'LLM first token', 'seg-llm'],
  ['ttsFirstByteMs', 'Speech first byte', 'seg-tts'],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) {
    return null;
  }
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Turn latencies: a column per turn, stacked by part (end of turn, speech to text, LLM,
 * speech), with the end-to-end time as a line; a summary sentence and a table.
 */
export function latencies(turns) {
  const width = 900;
  const height = 260;
  const left = 46;
  const bottom = 24;
  const top = 10;
  const plotHeight = height - top - bottom;
  const stack = (t) => SEGMENTS.reduce((sum, [key]) => sum + (t[key] || 0), 0);
  const peak = Math.max(1000, ...turns.map((t) => Math.max(stack(t), t.endToEndMs || 0)));
  const step = peak > 8000 ? 2000 : peak > 4000 ? 1000 : 500;
  const maxY = Math.ceil(peak / step) * step;
  const y = (value) => top + plotHeight - (value / maxY) * plotHeight;
  const slot = (width - left - 8) / Math.max(turns.length, 1);
  const columnWidth = Math.max(4, Math.min(36, slot * 0.6));

  const chart = svg('svg', { class: 'columns', viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Latency of ${turns.length} turns, stacked by part; details in the table below` });
  for (let v = 0; v <= maxY; v += step) {
    chart.append(svg('line', { class: v === 0 ? 'axis' : 'grid', x1: left, x2: width - 4, y1: y(v), y2: y(v) }));
    chart.append(svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, v === 0 ? '0' : `${v / 1000} s`));
  }
  const e2e = [];
  turns.forEach((turn, i) => {
    const x = left + slot * i + (slot - columnWidth) / 2;
    let base = 0;
    for (const [key, label, className] of SEGMENTS) {
      const value = turn[key];
      if (value) {
        chart.append(svg('rect', { class: className, x, width: columnWidth, y: y(base + value), height: Math.max(0.5, y(base) - y(base + value)) },
          svg('title', null, `Turn ${turn.turn}: ${label} ${ms(value)}`)));
        base += value;
      }
    }
    if (turn.endToEndMs !== null && turn.endToEndMs !== undefined) {
      e2e.push(`${x + columnWidth / 2},${y(turn.endToEndMs)}`);
    }
    if (turns.length <= 30 || i % Math.ceil(turns.length / 30) === 0) {
      chart.append(svg('text', { x: x + columnWidth / 2, y: height - 6, 'text-anchor': 'middle' }, String(turn.turn)));
    }
  });
  if (e2e.length > 1) {
    chart.append(svg('polyline', { class: 'seg-e2e', points: e2e.join(' ') }));
  }
  const legend = h('ul', { class: 'legend' },
    SEGMENTS.map(([, label, className]) => h('li', null,
      svg('svg', { viewBox: '0 0 10 10', 'aria-hidden': 'true' }, svg('rect', { class: className, width: 10, height: 10, rx: 2 })), label)),
    h('li', null, svg('svg', { viewBox: '0 0 10 10', 'aria-hidden': 'true' }, svg('line', { class: 'seg-e2e', x1: 0, x2: 10, y1: 5, y2: 5 })),
      'End to end (end of speech to first audio)'));

  const endToEnd = turns.map((t) => t.endToEndMs).filter((v) => v !== null && v !== undefined);
  const slowest = turns.reduce((worst, t) => ((t.endToEndMs || 0) > (worst ? worst.endToEndMs || 0 : -1) ? t : worst), null);
  const summary = endToEnd.length
    ? `End to end: median ${ms(median(endToEnd))}, slowest ${ms(slowest.endToEndMs)} (turn ${slowest.turn}), over ${turns.length} turns.`
    : `${turns.length} turns, no end-to-end time measured.`;
  const table = h('table', null, h('caption', { class: 'sr-only' }, 'Turn latencies in milliseconds'),
    h('thead', null, h('tr', null, ['Turn', 'Kind', ...SEGMENTS.map(([, label]) => label), 'End to end']
      .map((label, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, label)))),
    h('tbody', null, turns.map((t) => h('tr', null, h('th', { scope: 'row' }, String(t.turn)), h('td', null, t.kind || ''),
      SEGMENTS.map(([key]) => h('td', { class: 'num' }, ms(t[key]))), h('td', { class: 'num' }, ms(t.endToEndMs))))));
  return h('figure', { class: 'chart' }, h('figcaption', { class: 'sr-only' }, 'Turn latencies'), h('p', { class: 'small' }, summary), chart, legend,
    h('details', { dataset: { key: 'latency-table' } }, h('summary', null, 'The latencies as a table'), h('div', { class: 'table-wrap' }, table)));
}

/** The integrity score, 0 to 100, as a number and a bar. */
export function integrity(score) {
  return h('div', { class: 'gauge' }, h('span', { class: 'big' }, String(score)), h('span', { class: 'muted' }, 'of 100'),
    bar(score, 100));
}
