/**
 * Builds the workbench UI and the customer portal (web/ → web/dist) with Vite when it is missing or older than its
 * sources, so `npm start` on a fresh clone serves the UI and the browser tests never test a stale
 * one. The build goes to a temporary folder that replaces web/dist in one rename, so a running
 * server never serves a half-written UI.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../web/', import.meta.url));
const DIST = join(WEB, 'dist');
const SOURCES = ['src', 'index.html', 'portal.html', 'vite.config.ts', 'public'];

/** Newest modification time (ms) of the UI's sources. */
function newestSource(): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  for (const source of SOURCES) visit(join(WEB, source));
  return newest;
}

/** Whether web/dist is missing or older than a source file. */
export function webBuildNeeded(): boolean {
  const index = join(DIST, 'index.html');
  return !existsSync(index) || !existsSync(join(DIST, 'portal.html')) || statSync(index).mtimeMs < newestSource();
}

/**
 * Builds the UI if needed; returns what it did. Vite is a development dependency: without it
 * (an install with --omit=dev) the server still runs and shows its plain landing page.
 */
export async function ensureWebBuild({ log = (_line: string) => {} }: { log?: (line: string) => void } = {}): Promise<'fresh' | 'built' | 'unavailable'> {
  if (!webBuildNeeded()) return 'fresh';
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log('The workbench UI is not built and Vite is not installed (npm install): serving the plain status page.');
    return 'unavailable';
  }
  log('Building the workbench UI (web/dist)…');
  const staging = join(WEB, `.dist-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  try {
    await vite.build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    const old = `${DIST}.old-${process.pid}-${Date.now()}`;
    if (existsSync(DIST)) renameSync(DIST, old);
    renameSync(staging, DIST);
    rmSync(old, { recursive: true, force: true });
    return 'built';
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
