/**
 * Builds the workbench UI into web/dist, which the Hono server serves at `/`, and the customer
 * portal (portal.html, src/portal/), served at `/portal`: two pages of their own, so the portal's
 * bundle holds none of the workbench. `npm run dev:web` serves both with hot reload (the portal at
 * /portal.html), sending /api to a server started with `npm start`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [solid()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // CodeMirror with SQL, YAML and the merge view is one chunk of about 1 MB; it is cached for good.
    chunkSizeWarningLimit: 1500,
    // The bundler's timing report is for plugin authors; on a 2-core machine it fires on every build.
    rolldownOptions: {
      input: { workbench: fileURLToPath(new URL('index.html', import.meta.url)), portal: fileURLToPath(new URL('portal.html', import.meta.url)) },
      checks: { bundlerTimings: false },
    },
  },
  server: { proxy: { '/api': process.env.BILLING_API ?? 'http://127.0.0.1:4400' } },
});
