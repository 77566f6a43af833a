// build.mjs — bundle the dashboard into OUT (default ../build/web):
// app.js (esbuild: one IIFE with cytoscape, uPlot, topojson-client,
// i18n-iso-countries codes and the world-atlas map inlined), index.html,
// the stylesheets, and THIRD_PARTY.txt with the bundled packages' licenses.
// Nothing at run time comes from anywhere but the orrery server.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, '..', 'build', 'web'));
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(here, 'src', 'app.js')],
  bundle: true, minify: true, format: 'iife', target: ['es2020'],
  loader: { '.json': 'json' }, outfile: join(out, 'app.js'), logLevel: 'warning',
  legalComments: 'none',
});
copyFileSync(join(here, 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'src', 'style.css'), join(out, 'style.css'));
copyFileSync(join(here, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'uPlot.min.css'));

const bundled = ['cytoscape', 'uplot', 'topojson-client', 'i18n-iso-countries', 'world-atlas'];
let notice = 'Third-party code and data bundled into app.js (from npm, see web/package-lock.json):\n';
for (const name of bundled) {
  const dir = join(here, 'node_modules', name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  notice += `\n==== ${name} ${pkg.version} (${pkg.license}) ====\n`;
  for (const f of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license'])
    if (existsSync(join(dir, f))) { notice += readFileSync(join(dir, f), 'utf8'); break; }
}
notice += '\nworld-atlas map data: Natural Earth (public domain).\n';
writeFileSync(join(out, 'THIRD_PARTY.txt'), notice);
console.log(`web: dashboard built into ${out}`);
