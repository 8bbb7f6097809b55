/**
 * Builds the workbench UI into web/dist, which the Hono server serves at `/`.
 * `npm run dev:web` serves it with hot reload, sending /api to a server started with `npm start`.
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
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { '/api': process.env.BILLING_API ?? 'http://127.0.0.1:4400' } },
});
