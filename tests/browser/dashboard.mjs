// dashboard.mjs URL SHOTS_DIR — the dashboard in a real browser: Debian's
// headless chromium driven by playwright-core against a running
// `orrery serve` on the fixture database.  Prints TAP-style ok/not ok
// lines (counted by tests/run.sh) and saves a screenshot per step.
//
// Checks: the map draws arcs and the network draws nodes; clicking a dyad
// shows its timeline (with change points) and its events with the evidence
// sentence marked; a what-if run and a forecast run show their results;
// no request leaves the server's origin; no error reaches the console.
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// playwright-core is a dev dependency of the dashboard (web/package.json).
const { chromium } = createRequire(new URL('../../web/package.json', import.meta.url))('playwright-core');

const [url, shots = 'build/browser'] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
let failed = 0;
const ok = (cond, desc) => { console.log(`${cond ? 'ok' : 'not ok'} - browser: ${desc}`); if (!cond) failed++; };

const profile = mkdtempSync(join(tmpdir(), 'orrery-chromium-'));
// A fresh profile every run (playwright passes it as --user-data-dir).
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 1500 },
});
const origin = new URL(url).origin;
const foreign = [], consoleErrors = [];
try {
  const page = browser.pages()[0] || await browser.newPage();
  page.setDefaultTimeout(20000);
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));

  await page.goto(url);
  await page.waitForSelector('body[data-ready]');
  ok(await page.getAttribute('body', 'data-ready') === '1', 'dashboard loaded the network of the default window');
  const arcs = await page.locator('#map path.arc').count();
  const land = await page.locator('#map path.land').count();
  ok(land > 100, `world map drawn (${land} countries)`);
  ok(arcs > 10, `relation arcs drawn on the map (${arcs})`);
  const colours = await page.$$eval('#map path.arc', (ps) => new Set(ps.map((p) => p.getAttribute('stroke'))).size);
  ok(colours > 3, `arcs coloured by net cooperation (${colours} distinct colours)`);
  const nodes = Number(await page.getAttribute('#network', 'data-nodes'));
  const canvases = await page.locator('#network canvas').count();
  ok(nodes >= 10 && canvases > 0, `network rendered by cytoscape (${nodes} nodes)`);
  const blocs = await page.locator('#blocs li').count();
  ok(blocs >= 2, `blocs listed (${blocs})`);
  const shifts = await page.locator('#shifts li[data-dyad]').count();
  ok(shifts > 0, `biggest shifts listed (${shifts})`);
  await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });

  // Click the USA-RUS arc: its timeline and its events appear.
  const arc = page.locator('#map path.arc[data-dyad="USA-RUS"], #map path.arc[data-dyad="RUS-USA"]').first();
  await arc.dispatchEvent('click');
  await page.waitForSelector('#dyad-chart[data-bins] canvas');
  const title = await page.textContent('#dyad-title');
  ok(/USA/.test(title) && /RUS/.test(title), `clicking the USA-RUS arc selects the dyad (${title.trim()})`);
  const bins = Number(await page.getAttribute('#dyad-chart', 'data-bins'));
  ok(bins >= 12, `dyad timeline plotted (${bins} monthly bins)`);
  const changes = await page.textContent('#dyad-changes');
  ok(/change at 2024-0[2-5]/.test(changes), `change point marked at the 2024 turn (${changes.trim().slice(0, 80)})`);
  await page.waitForSelector('#events tbody tr');
  const rows = await page.locator('#events tbody tr').count();
  ok(rows > 10, `events of the dyad listed (${rows})`);
  const marked = await page.$$eval('#events td.evidence', (tds) => tds.filter((td) =>
    td.querySelector('mark.source') && td.querySelector('mark.verb') && td.querySelector('mark.target')).map((td) => td.textContent));
  ok(marked.length > 0 && /agreed/.test(marked.join(' ')),
    `evidence sentence with source, verb and target marked (${(marked[0] || '').slice(0, 70)})`);
  await page.locator('#dyad-panel').screenshot({ path: join(shots, 'dyad.png') });
  await page.check('#evidence-only');
  const visible = await page.locator('#events tbody tr:not(.hidden)').count();
  ok(visible > 0 && visible < rows, `evidence-only filter keeps the ${visible} events with a sentence`);
  await page.locator('#events-panel').screenshot({ path: join(shots, 'events.png') });

  // What-if.
  await page.fill('#whatif-changes', 'USA-RUS=+5');
  await page.click('[data-testid=whatif-run]');
  await page.waitForSelector('#whatif-result[data-done="1"]');
  const whatif = await page.textContent('#whatif-result');
  ok(/Scenario: USA-RUS/.test(whatif) && /unbalanced triads/.test(whatif), `what-if result shown (${whatif.slice(0, 60)})`);
  await page.locator('#whatif-panel').screenshot({ path: join(shots, 'whatif.png') });

  // Forecast.
  await page.click('[data-testid=forecast-run]');
  await page.waitForSelector('#forecast-result[data-done="1"]');
  const fc = await page.textContent('#forecast-result');
  ok(/bdm/.test(fc) && /median/.test(fc) && (await page.locator('#forecast-chart canvas').count()) > 0,
    'forecast result and trajectory shown');
  await page.locator('#forecast-panel').screenshot({ path: join(shots, 'forecast.png') });
  await page.screenshot({ path: join(shots, 'dashboard-after.png'), fullPage: true });

  // A bad window is reported, not crashed on.
  await page.fill('#win-from', '2024-12-31');
  await page.fill('#win-to', '2024-01-01');
  await page.click('#window-form button');
  await page.waitForFunction(() => /error/.test(document.querySelector('#status').textContent));
  ok(/window/.test(await page.textContent('#status')), 'a reversed window is reported as an error naming it');

  ok(foreign.length === 0, `no request left the server (${foreign.slice(0, 3).join(' ') || 'none'})`);
  const unexpected = consoleErrors.filter((e) => !/status of 400/.test(e));
  ok(unexpected.length === 0, `no console errors (${unexpected.slice(0, 2).join(' | ') || 'none'})`);
} catch (err) {
  ok(false, `dashboard test aborted: ${err.message.split('\n')[0]}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
