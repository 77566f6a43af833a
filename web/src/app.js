// app.js — the orrery dashboard.  Everything it shows comes from the JSON
// API of the server that serves it (same origin); the world map ships with
// the bundle (world-atlas), so nothing is fetched from elsewhere.
//
//   map       /api/network?window=   arcs between country centroids
//   network   /api/network + /api/blocs (cytoscape, nodes coloured by bloc)
//   shifts    /api/shifts?since=      the dyads that changed most
//   dyad      /api/dyads/A/B?by=month (uPlot, change points marked)
//   events    /api/events?dyad=A-B    evidence sentence with spans marked
//   what-if   POST /api/whatif
//   forecast  POST /api/forecast
import cytoscape from 'cytoscape';
import uPlot from 'uplot';
import { feature } from 'topojson-client';
import countries from 'i18n-iso-countries';
import atlas from 'world-atlas/countries-110m.json';

const $ = (sel) => document.querySelector(sel);
const state = { from: null, to: null, dyad: null, network: null };
window.orrery = state;  // for the browser tests and the curious

const BLOC_COLOURS = ['#4575b4', '#d73027', '#1a9850', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#999999'];

function setStatus(text) { $('#status').textContent = text; }

async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw new Error(body.param ? `${body.param}: ${body.error}` : body.error || `HTTP ${r.status}`);
  return body;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

// Net cooperation score in [-10, 10] to a colour from red through grey to green.
function scoreColour(score) {
  const t = Math.max(-1, Math.min(1, score / 5));
  const mix = (a, b) => Math.round(a + (b - a) * Math.abs(t));
  const grey = [150, 150, 150], end = t >= 0 ? [26, 152, 80] : [215, 48, 39];
  return `rgb(${mix(grey[0], end[0])},${mix(grey[1], end[1])},${mix(grey[2], end[2])})`;
}

// ---- map ------------------------------------------------------------------

const W = 960, H = 480;
const project = ([lon, lat]) => [(lon + 180) / 360 * W, (90 - lat) / 180 * H];
const land = feature(atlas, atlas.objects.countries);
const centroids = new Map();  // ISO numeric id -> [x, y]

function ringPath(ring) {
  let d = '', prev = null;
  for (const p of ring) {
    const [x, y] = project(p);
    // break the line where a ring jumps across the antimeridian
    d += (prev === null || Math.abs(x - prev) > W / 2 ? 'M' : 'L') + x.toFixed(1) + ',' + y.toFixed(1);
    prev = x;
  }
  return d + 'Z';
}

// Centroid of a country: the mean vertex of its largest outer ring (good
// enough to anchor an arc; no projection library needed).
function centroidOf(geom) {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let best = null;
  for (const poly of polys) if (!best || poly[0].length > best.length) best = poly[0];
  if (!best) return null;
  let sx = 0, sy = 0;
  for (const p of best) { const [x, y] = project(p); sx += x; sy += y; }
  return [sx / best.length, sy / best.length];
}

function drawLand(root) {
  for (const f of land.features) {
    if (!f.geometry) continue;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const d = polys.map((poly) => poly.map(ringPath).join('')).join('');
    const path = svg('path', { d, class: 'land' });
    path.append(svg('title'));
    path.firstChild.textContent = f.properties.name;
    root.append(path);
    const c = centroidOf(f.geometry);
    if (c && f.id) centroids.set(String(f.id), c);
  }
}

function centroidOfCode(code) {
  const num = countries.alpha3ToNumeric(code);
  return num ? centroids.get(num) : null;
}

function renderMap(net) {
  const box = $('#map');
  box.textContent = '';
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'relations map' });
  drawLand(root);
  let arcs = 0;
  const maxVol = Math.max(1, ...net.edges.map((e) => e.coop + e.conflict));
  for (const e of net.edges) {
    const a = centroidOfCode(e.source), b = centroidOfCode(e.target);
    if (!a || !b) continue;
    const mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2 - Math.hypot(b[0] - a[0], b[1] - a[1]) / 4;
    const width = 1 + 4 * Math.sqrt((e.coop + e.conflict) / maxVol);
    const path = svg('path', {
      d: `M${a[0]},${a[1]} Q${mx},${my} ${b[0]},${b[1]}`, class: 'arc',
      stroke: scoreColour(e.score), 'stroke-width': width.toFixed(1),
      'data-dyad': `${e.source}-${e.target}`,
    });
    path.append(svg('title'));
    path.firstChild.textContent = `${e.source}–${e.target}: net cooperation ${e.score.toFixed(2)}`;
    path.addEventListener('click', () => selectDyad(e.source, e.target));
    root.append(path);
    arcs++;
  }
  for (const n of net.nodes) {
    const c = centroidOfCode(n.id);
    if (!c) continue;
    root.append(svg('circle', { cx: c[0], cy: c[1], r: 2.5, class: 'node' }));
    const t = svg('text', { x: c[0] + 3, y: c[1] - 3, class: 'label' });
    t.textContent = n.id;
    root.append(t);
  }
  box.append(root);
  box.dataset.arcs = String(arcs);
}

// ---- network ------------------------------------------------------------------

let cy = null;

function renderNetwork(net, blocs) {
  const colourOf = (bloc) => (bloc > 0 ? BLOC_COLOURS[(bloc - 1) % BLOC_COLOURS.length] : '#888');
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.id, colour: colourOf(n.bloc), size: 12 + Math.sqrt(n.events || 1) } })),
    ...net.edges.map((e) => ({ data: { id: `${e.source}-${e.target}`, source: e.source, target: e.target,
      colour: scoreColour(e.score), width: 1 + Math.abs(e.score) / 2, style: e.score < 0 ? 'dashed' : 'solid' } })),
  ];
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $('#network'), elements,
    style: [
      { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', width: 'data(size)',
        height: 'data(size)', 'font-size': 9 } },
      { selector: 'edge', style: { 'line-color': 'data(colour)', width: 'data(width)', 'line-style': 'data(style)',
        'curve-style': 'bezier' } },
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 8000 },
  });
  cy.on('tap', 'edge', (evt) => selectDyad(evt.target.data('source'), evt.target.data('target')));
  $('#network').dataset.nodes = String(net.nodes.length);
  $('#network').dataset.edges = String(net.edges.length);
  const b = net.balance || {};
  $('#balance').textContent = b.triads !== undefined
    ? `${b.balanced_triads}/${b.triads} triads balanced, frustration ${b.frustration}` : '';
  const list = $('#blocs');
  list.textContent = '';
  for (const bloc of (blocs && blocs.blocs) || []) {
    const li = el('li', {}, `bloc ${bloc.id}: ${bloc.members.join(' ')}`);
    li.style.background = colourOf(bloc.id);
    list.append(li);
  }
}

function renderShifts(shifts) {
  const list = $('#shifts');
  list.textContent = '';
  for (const s of shifts.shifts || []) {
    const li = el('li', { 'data-dyad': `${s.source}-${s.target}` },
      `${s.source} → ${s.target}: ${fmt(s.mean_before)} → ${fmt(s.mean_after)} from ${s.change_at}`);
    li.addEventListener('click', () => selectDyad(s.source, s.target));
    list.append(li);
  }
  if (!list.children.length) list.append(el('li', {}, 'no shift found'));
}

// ---- dyad timeline ------------------------------------------------------------------

let plot = null;

async function selectDyad(a, b) {
  state.dyad = [a, b];
  $('#dyad-title').textContent = `${a} ⇄ ${b}`;
  setStatus(`loading ${a}–${b}…`);
  try {
    const q = `by=month&from=${state.from}&to=${state.to}`;
    const [ab, ba, ev1, ev2] = await Promise.all([
      api(`/api/dyads/${a}/${b}?${q}`), api(`/api/dyads/${b}/${a}?${q}`),
      api(`/api/events?dyad=${a}-${b}&from=${state.from}&to=${state.to}&limit=100`),
      api(`/api/events?dyad=${b}-${a}&from=${state.from}&to=${state.to}&limit=100`),
    ]);
    renderDyad(ab, ba);
    const events = [...ev1.events, ...ev2.events].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id - y.id));
    renderEvents(events);
    setStatus('');
  } catch (err) {
    setStatus(`error: ${err.message}`);
  }
}

// Both directions of the dyad on one time axis (months with no events are
// gaps), and the change points of each direction as vertical lines.
function renderDyad(ab, ba) {
  const periods = [...new Set([...ab.bins, ...ba.bins].map((b) => b.period))].sort();
  const byPeriod = (d) => new Map(d.bins.map((b) => [b.period, b]));
  const mab = byPeriod(ab), mba = byPeriod(ba);
  const xs = periods.map((p) => Date.parse(p) / 1000);
  const val = (m, key) => periods.map((p) => (m.has(p) ? m.get(p)[key] : null));
  const data = [xs, val(mab, 'net_coop'), val(mba, 'net_coop'), val(mab, 'goldstein_mean'), val(mba, 'goldstein_mean')];
  const changes = [...(ab.change_points || []).map((c) => ({ ...c, dir: `${ab.source} → ${ab.target}`, colour: '#d73027' })),
    ...(ba.change_points || []).map((c) => ({ ...c, dir: `${ba.source} → ${ba.target}`, colour: '#984ea3' }))];
  const box = $('#dyad-chart');
  box.textContent = '';
  if (plot) { plot.destroy(); plot = null; }
  plot = new uPlot({
    width: Math.max(300, box.clientWidth || 500), height: 240, spanGaps: false,
    series: [{},
      { label: `${ab.source}→${ab.target} net coop`, stroke: '#1a9850', width: 2 },
      { label: `${ba.source}→${ba.target} net coop`, stroke: '#66a61e', width: 2, dash: [6, 3] },
      { label: `${ab.source}→${ab.target} Goldstein`, stroke: '#4575b4', width: 1 },
      { label: `${ba.source}→${ba.target} Goldstein`, stroke: '#74add1', width: 1, dash: [4, 3] }],
    axes: [{}, { label: 'score' }],
    hooks: {
      draw: [(u) => {  // change points: vertical lines, one colour per direction
        const { ctx } = u;
        ctx.save();
        ctx.lineWidth = 2;
        for (const c of changes) {
          const x = Math.round(u.valToPos(Date.parse(c.period) / 1000, 'x', true));
          ctx.strokeStyle = c.colour;
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
        }
        ctx.restore();
      }],
    },
  }, data, box);
  box.dataset.bins = String(periods.length);
  const list = $('#dyad-changes');
  list.textContent = '';
  for (const c of changes)
    list.append(el('li', {}, `${c.dir}: change at ${c.period}, mean Goldstein ${fmt(c.mean_before)} → ${fmt(c.mean_after)}`));
  if (!changes.length) list.append(el('li', {}, 'no change point in this window'));
}

const fmt = (x) => (typeof x === 'number' ? x.toFixed(2) : '—');

// ---- events ---------------------------------------------------------------------------

// The evidence sentence with source, verb and target marked.  Spans are
// UTF-8 byte offsets into the sentence, so slice the bytes, not the string.
function evidenceCell(ev) {
  const td = el('td', { class: 'evidence' });
  if (!ev.sentence) { td.append(el('em', {}, `(${ev.dataset} import: no sentence)`)); return td; }
  const bytes = new TextEncoder().encode(ev.sentence), dec = new TextDecoder();
  const spans = [...(ev.spans || [])].sort((x, y) => x.start - y.start);
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;  // overlapping spans: keep the first
    td.append(dec.decode(bytes.slice(at, s.start)));
    td.append(el('mark', { class: s.role, title: s.role }, dec.decode(bytes.slice(s.start, s.end))));
    at = s.end;
  }
  td.append(dec.decode(bytes.slice(at)));
  return td;
}

function applyEvidenceFilter() {
  const only = $('#evidence-only').checked;
  for (const tr of document.querySelectorAll('#events tbody tr'))
    tr.classList.toggle('hidden', only && tr.dataset.evidence !== '1');
}

function renderEvents(events) {
  const body = $('#events tbody');
  body.textContent = '';
  for (const ev of events) {
    body.append(el('tr', { class: `quad${ev.quad}`, 'data-evidence': ev.sentence ? '1' : '0' },
      el('td', {}, ev.date), el('td', {}, ev.source.code || ev.source.country || ''),
      el('td', { title: `root ${ev.root}, Goldstein ${ev.goldstein}` }, ev.code),
      el('td', {}, ev.target.code || ev.target.country || ''), evidenceCell(ev)));
  }
  const withEvidence = events.filter((e) => e.sentence).length;
  $('#events-count').textContent = `${events.length} events, ${withEvidence} with an evidence sentence`;
  applyEvidenceFilter();
}

// ---- what-if and forecast ---------------------------------------------------------------

async function runWhatif(evt) {
  evt.preventDefault();
  const box = $('#whatif-result');
  box.textContent = 'running…';
  const changes = $('#whatif-changes').value.split(/[,;\s]+/).filter(Boolean);
  try {
    const r = await api('/api/whatif', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changes, window: `${state.from}..${state.to}` }) });
    box.textContent = '';
    box.append(el('p', { class: 'result-summary' }, r.summary || ''));
    box.append(el('p', {}, `unbalanced triads: ${r.unbalanced_before} → ${r.unbalanced_after}`));
    const ul = el('ul');
    for (const d of (r.dyads || []).slice(0, 8))
      ul.append(el('li', {}, `${d.a}–${d.b}: pressure ${fmt(d.pressure)} (now ${fmt(d.current)})`));
    box.append(ul);
    box.dataset.done = '1';
  } catch (err) {
    box.textContent = '';
    box.append(el('p', { class: 'error' }, err.message));
  }
}

const SAMPLE_ISSUE = {
  issue: 'Level of a common external tariff (0 = none, 100 = high)', scale: [0, 100],
  actors: [
    { actor: 'USA', capability: 40, position: 80, salience: 0.9 },
    { actor: 'EU', capability: 30, position: 20, salience: 0.7 },
    { actor: 'CHN', capability: 30, position: 10, salience: 0.6 },
    { actor: 'JPN', capability: 10, position: 50, salience: 0.5 },
    { actor: 'IND', capability: 12, position: 40, salience: 0.4 },
  ],
};

let fcPlot = null;

async function runForecast(evt) {
  evt.preventDefault();
  const box = $('#forecast-result');
  box.textContent = 'running…';
  try {
    const r = await api('/api/forecast', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: $('#forecast-issue').value });
    box.textContent = '';
    const kv = el('div', { class: 'kv' });
    for (const [k, v] of Object.entries(r.forecasts)) kv.append(el('b', {}, k), el('span', {}, fmt(v)));
    kv.append(el('b', {}, 'rounds'), el('span', {}, `${r.bdm.rounds}${r.bdm.converged ? ' (converged)' : ''}`));
    box.append(kv);
    const traj = r.bdm.trajectory;
    const data = [traj.map((t) => t.round), ...r.actors.map((_, i) => traj.map((t) => t.positions[i]))];
    const series = [{}, ...r.actors.map((a, i) => ({ label: a.name, stroke: BLOC_COLOURS[i % BLOC_COLOURS.length] }))];
    if (fcPlot) fcPlot.destroy();
    const chart = $('#forecast-chart');
    fcPlot = new uPlot({ width: Math.max(300, chart.clientWidth || 400), height: 180, scales: { x: { time: false } },
      series }, data, chart);
    box.dataset.done = '1';
  } catch (err) {
    box.textContent = '';
    box.append(el('p', { class: 'error' }, err.message));
  }
}

// ---- the window and start-up ---------------------------------------------------------------

async function loadWindow() {
  setStatus('loading…');
  const w = `${state.from}..${state.to}`;
  try {
    const [net, blocs, shifts] = await Promise.all([api(`/api/network?window=${w}`),
      api(`/api/blocs?window=${w}`), api(`/api/shifts?since=${state.from}&limit=8`)]);
    state.network = net;
    renderMap(net);
    renderNetwork(net, blocs);
    renderShifts(shifts);
    document.body.dataset.ready = '1';
    setStatus(`${net.nodes.length} actors, ${net.edges.length} ties`);
  } catch (err) {
    setStatus(`error: ${err.message}`);
    document.body.dataset.ready = 'error';
  }
}

async function start() {
  $('#forecast-issue').value = JSON.stringify(SAMPLE_ISSUE, null, 1);
  $('#whatif-form').addEventListener('submit', runWhatif);
  $('#forecast-form').addEventListener('submit', runForecast);
  $('#evidence-only').addEventListener('change', applyEvidenceFilter);
  $('#window-form').addEventListener('submit', (evt) => {
    evt.preventDefault();
    state.from = $('#win-from').value;
    state.to = $('#win-to').value;
    loadWindow();
  });
  // Default window: everything stored (first to last event date).
  let first = '2000-01-01', last = new Date().toISOString().slice(0, 10);
  try {
    const { actors } = await api('/api/actors');
    if (actors.length) {
      first = actors.reduce((m, a) => (a.first < m ? a.first : m), actors[0].first);
      last = actors.reduce((m, a) => (a.last > m ? a.last : m), actors[0].last);
    }
  } catch (err) { setStatus(`error: ${err.message}`); }
  state.from = first; state.to = last;
  $('#win-from').value = first; $('#win-to').value = last;
  await loadWindow();
}

start();
