// fixture.mjs DB — fill an orrery database (already holding fixture.txt,
// ingested by fixture.sh) with a deterministic two-year event history
// among twelve countries: two camps, cooperation inside each, conflict
// across, and a USA-RUS turn from conflict to cooperation in March 2024
// (a change point the dyad timeline must show).  Events of 2024 that
// match a sentence of fixture.txt carry it as evidence with spans.
// Writes SQL through the sqlite3 CLI; the store's schema comes from orrery.
import { execFileSync } from 'node:child_process';

const db = process.argv[2];
const sentences = JSON.parse(execFileSync('sqlite3', ['-json', db,
  'SELECT doc_id, idx, start, text FROM sentences WHERE is_heading = 0 ORDER BY doc_id, idx']).toString() || '[]');

const west = ['USA', 'GBR', 'FRA', 'DEU', 'UKR', 'JPN', 'ISR'];
const east = ['RUS', 'CHN', 'IRN'];
const swing = ['IND', 'SAU'];
const names = { USA: 'The United States', RUS: 'Russia', CHN: 'China', UKR: 'Ukraine', DEU: 'Germany',
  FRA: 'France', IRN: 'Iran', ISR: 'Israel', IND: 'India', JPN: 'Japan', GBR: 'Britain', SAU: 'Saudi Arabia' };
const verbs = { '036': 'agreed', '051': 'praised', '112': 'accused', '0234': 'pledged', '138': 'threatened',
  '057': 'signed', '111': 'criticized', '042': 'hosted' };

let seed = 20240301;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const coop = [['036', 4, 1, 4.0], ['051', 5, 1, 3.4], ['057', 5, 1, 8.0], ['042', 4, 1, 1.9], ['0234', 2, 1, 5.2]];
const conf = [['112', 11, 3, -2.0], ['111', 11, 3, -2.0], ['138', 13, 3, -7.0], ['190', 19, 4, -10.0], ['173', 17, 4, -5.0]];
const pick = (list) => list[Math.floor(rand() * list.length)];
const q = (s) => (s === null ? 'NULL' : `'${String(s).replace(/'/g, "''")}'`);

function relation(a, b, month) {
  const camp = (x) => (west.includes(x) ? 'w' : east.includes(x) ? 'e' : 's');
  if ((a === 'USA' && b === 'RUS') || (a === 'RUS' && b === 'USA')) return month >= 14 ? 0.85 : 0.1;
  if (camp(a) === 's' || camp(b) === 's') return 0.6;
  return camp(a) === camp(b) ? 0.9 : 0.15;
}

// The evidence: a sentence naming both sides and the verb of the code.
function evidence(src, tgt, code) {
  const verb = verbs[code];
  if (!verb) return null;
  for (const s of sentences) {
    const i = s.text.indexOf(names[src]), j = s.text.indexOf(names[tgt]), k = s.text.indexOf(verb);
    if (i < 0 || j < 0 || k < 0 || i === j) continue;
    const b = (n) => Buffer.byteLength(s.text.slice(0, n));  // spans are UTF-8 byte offsets
    return { doc: s.doc_id, idx: s.idx, base: s.start,
      src: [b(i), b(i + names[src].length)], tgt: [b(j), b(j + names[tgt].length)], verb: [b(k), b(k + verb.length)],
      texts: [names[src], names[tgt], verb] };
  }
  return null;
}

const all = [...west, ...east, ...swing];
const out = ['BEGIN;'];
let n = 0;
for (let month = 0; month < 24; month++) {
  const y = 2023 + Math.floor(month / 12), m = (month % 12) + 1;
  for (const a of all) for (const b of all) {
    if (a === b) continue;
    const p = relation(a, b, month);
    const busy = (a === 'USA' || b === 'USA' || a === 'RUS' || b === 'RUS') ? 3 : 1;
    const count = Math.floor(rand() * (busy + 1.5));
    for (let k = 0; k < count; k++) {
      const [code, root, quad, gold] = rand() < p ? pick(coop) : pick(conf);
      const day = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
      const date = `${y}-${String(m).padStart(2, '0')}-${day}`;
      const ev = y === 2024 ? evidence(a, b, code) : null;
      const span = (r) => (ev ? `${ev.base + r[0]},${ev.base + r[1]}` : 'NULL,NULL');
      n++;
      out.push(`INSERT INTO events (doc_id, sentence_idx, date, date_how, source_code, source_country,`
        + ` source_text, source_start, source_end, target_code, target_country, target_text, target_start,`
        + ` target_end, verb_text, verb_start, verb_end, code, root, quad, goldstein, dataset, origin_id) VALUES (`
        + `${ev ? ev.doc : 'NULL'}, ${ev ? ev.idx : 'NULL'}, ${q(date)}, ${q(ev ? 'document' : 'imported')},`
        + ` ${q(a)}, ${q(a)}, ${q(ev ? ev.texts[0] : null)}, ${span(ev ? ev.src : 0)},`
        + ` ${q(b)}, ${q(b)}, ${q(ev ? ev.texts[1] : null)}, ${span(ev ? ev.tgt : 0)},`
        + ` ${q(ev ? ev.texts[2] : null)}, ${span(ev ? ev.verb : 0)},`
        + ` ${q(code)}, ${root}, ${quad}, ${gold}, ${q(ev ? 'orrery' : 'fixture')}, ${q('fx' + n)});`);
    }
  }
}
out.push('COMMIT;');
process.stdout.write(out.join('\n') + '\n');
process.stderr.write(`fixture: ${n} events\n`);
