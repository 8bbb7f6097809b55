/** Entry point of the `billing` command. */
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2));
