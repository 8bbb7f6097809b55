/** `billing start`: serve the workbench on the workspace (creating a demo snapshot on first start). */
import type { Command } from 'commander';
import { securitySettingsFromEnv } from '../security-settings.ts';
import { startServer } from '../start.ts';
import { ensureWebBuild } from '../web-build.ts';
import type { CliIo } from './cli-io.ts';
import { ensurePortFree } from '../port-check.ts';
import { lineProgress } from './progress.ts';

export function registerStartCommand(program: Command, io: CliIo): void {
  program
    .command('start')
    .description('start the workbench server (creates the workspace and a small demo snapshot on first start)')
    .option('--port <port>', 'port to listen on (0 = any free port)', io.env.PORT ?? '4400')
    .option('--host <host>', 'address to listen on', io.env.HOST ?? '127.0.0.1')
    .option('--approvals <n>', 'approvals a draft needs from people other than its author', io.env.BILLING_APPROVALS ?? '1')
    .action(async (options: { port: string; host: string; approvals: string }) => {
      await ensurePortFree(options.host, Number(options.port));
      // A fresh clone has no web/dist yet: build the UI first so `npm install && npm start` serves it.
      await ensureWebBuild({ log: io.out });
      // A terminal gets a bar; a log (a service, a container) gets a line per step.
      const bar = process.stderr.isTTY ? io.progressBar() : lineProgress(io.out);
      const server = await startServer({
        workspace: io.workspace(),
        port: Number(options.port),
        host: options.host,
        settings: {
          approvalsRequired: Math.max(1, Number(options.approvals) || 1),
          secureCookies: io.env.BILLING_SECURE_COOKIES === '1',
          ...securitySettingsFromEnv(io.env),
        },
        log: io.out,
        onProgress: ({ done, total, step }) => bar.update(done, total, step),
      });
      bar.stop();
      io.out(`Call Theory Billing is running at ${server.url}`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
