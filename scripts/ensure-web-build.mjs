// Builds the web UI when web/dist is missing or older than its sources, so
// `npm start` and `npm test` never need a separate build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'web/dist/index.html');

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

// The UI also bundles two pure helpers it shares with the server (map geometry, working time).
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json', 'src/lib/geo.ts', 'src/lib/working-calendar.ts'].map((p) =>
  path.join(root, p),
);
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
  console.log('Building the web UI (once; again only when its sources change)…');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
