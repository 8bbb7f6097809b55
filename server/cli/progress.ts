/** A progress bar on stderr for long CLI work; silent when stderr is not a terminal. */
import { SingleBar, Presets } from 'cli-progress';

export interface ProgressBar {
  update(done: number, total: number, step: string): void;
  stop(): void;
}

export function progressBar(enabled = Boolean(process.stderr.isTTY)): ProgressBar {
  if (!enabled) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar(
    { format: ' {bar} {percentage}% | {step} | {duration_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, step) {
      if (!started) {
        bar.start(total, done, { step });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { step });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Progress as plain lines, for output that is not a terminal (a service log, a CI console): a line
 * when the step changes, and for a long step at each further tenth done.
 */
export function lineProgress(write: (line: string) => void): ProgressBar {
  let lastStep = '';
  let lastTenth = -1;
  return {
    update(done, total, step) {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
      if (step === lastStep && tenth <= lastTenth) return;
      lastStep = step;
      lastTenth = tenth;
      write(`  ${step} (${tenth * 10} %)`);
    },
    stop() {},
  };
}
