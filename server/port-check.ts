/**
 * Whether the port `billing start` is asked for is free, checked before any work (building the UI,
 * making the demo snapshot), so a busy port is reported at once rather than after a minute.
 */
import { createServer } from 'node:net';

/** A port the server cannot listen on: the command line prints the message alone. */
export class PortError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortError';
  }
}

/** Resolves when `host:port` can be listened on; rejects with a message that suggests `--port`. */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portError(error, host, port)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The error for a failed listen: a busy or forbidden port says so and how to choose another. */
export function portError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE')
    return new PortError(`Port ${port} on ${host} is already in use (is the workbench already running?). Choose another: billing start --port ${port + 1}`);
  if (error.code === 'EACCES')
    return new PortError(`Port ${port} on ${host} needs more privileges than this user has. Choose another: billing start --port 4400`);
  if (error.code === 'EADDRNOTAVAIL') return new PortError(`${host} is not an address of this machine. Choose another: billing start --host 127.0.0.1`);
  return error;
}
