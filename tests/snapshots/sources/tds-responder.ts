/**
 * A minimal SQL Server on loopback for tests: enough TDS for the real mssql driver to connect,
 * log in, run SELECTs (SQL batch or sp_executesql RPC), stream large results in many packets and
 * be cancelled, answered from a DuckDB copy of the demo IS data. T-SQL is turned into DuckDB SQL
 * by rewriting [brackets] to "quotes"; that is all the extraction's SELECTs need.
 * It records what it saw (logins, statements, attentions) so tests can check the driver's side.
 */
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { createServer, type Socket } from 'node:net';
import {
  DONE,
  PACKET,
  colMetadata,
  done,
  doneInProc,
  doneProc,
  errorToken,
  loginAckTokens,
  messageReader,
  parseLogin7,
  preloginReply,
  replyWriter,
  returnStatus,
  rowToken,
  rpcStatement,
  sqlBatchText,
  type Login,
  type Message,
  type TdsType,
  type TdsValue,
} from './tds-wire.ts';

export interface TdsResponderOptions {
  /** Holds the IS tables; each client gets its own connection with `USE catalog`. */
  readonly instance: DuckDBInstance;
  readonly catalog: string;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export interface TdsResponder {
  readonly port: number;
  readonly logins: readonly Login[];
  /** Every SQL batch and RPC statement, in order. */
  readonly statements: readonly string[];
  readonly attentions: () => number;
  /** Arms a one-shot fault: the next SELECT of `table`'s rows loses its connection after `rows` rows. */
  dropAfterRows(table: string, rows: number): void;
  close(): Promise<void>;
}

export async function startTdsResponder(options: TdsResponderOptions): Promise<TdsResponder> {
  const logins: Login[] = [];
  const statements: string[] = [];
  const sockets = new Set<Socket>();
  let attentions = 0;
  const recorder: Recorder = { logins, statements, attention: () => attentions++, drop: undefined };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket, options, recorder);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('responder has no port');
  return {
    port: address.port,
    logins,
    statements,
    attentions: () => attentions,
    dropAfterRows(table, rows) {
      recorder.drop = { table, rows };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Recorder {
  readonly logins: Login[];
  readonly statements: string[];
  attention(): void;
  drop: { readonly table: string; readonly rows: number } | undefined;
}

interface Client {
  readonly socket: Socket;
  duck?: DuckDBConnection;
  busy: boolean;
  attention: boolean;
}

function serve(socket: Socket, options: TdsResponderOptions, recorder: Recorder): void {
  const client: Client = { socket, busy: false, attention: false };
  let queue = Promise.resolve();
  socket.on('close', () => client.duck?.closeSync());
  socket.on(
    'data',
    messageReader((message) => {
      if (message.type === PACKET.ATTENTION) {
        recorder.attention();
        client.attention = true;
        if (!client.busy) queue = queue.then(() => acknowledgeAttention(client));
        return;
      }
      queue = queue
        .then(() => handle(client, message, options, recorder))
        .catch(() => {
          socket.destroy();
        });
    }),
  );
}

async function handle(client: Client, message: Message, options: TdsResponderOptions, recorder: Recorder): Promise<void> {
  if (message.type === PACKET.PRELOGIN) return reply(client, [preloginReply()]);
  if (message.type === PACKET.LOGIN7) return login(client, parseLogin7(message.payload), options, recorder);
  const rpc = message.type === PACKET.RPC;
  const sql = rpc ? rpcStatement(message.payload) : sqlBatchText(message.payload);
  recorder.statements.push(sql);
  client.busy = true;
  client.attention = false;
  try {
    if (!/^\s*select\b/i.test(sql)) return await reply(client, [done(DONE.FINAL)]); // SET options after login
    await runSelect(client, toDuckdbSql(sql), rpc, takeDrop(recorder, sql));
  } finally {
    client.busy = false;
  }
}

async function login(client: Client, login: Login, options: TdsResponderOptions, recorder: Recorder): Promise<void> {
  recorder.logins.push(login);
  if (login.user !== options.user || login.password !== options.password) {
    await reply(client, [errorToken(18456, `Login failed for user '${login.user}'.`, 14), done(DONE.ERROR)]);
    client.socket.end();
    return;
  }
  if (login.database.toLowerCase() !== options.database.toLowerCase()) {
    await reply(client, [errorToken(4060, `Cannot open database "${login.database}" requested by the login. The login failed.`, 11), done(DONE.ERROR)]);
    client.socket.end();
    return;
  }
  client.duck = await options.instance.connect();
  await client.duck.run(`USE ${options.catalog}`);
  await reply(client, [loginAckTokens(options.database)]);
}

/** The armed drop, if this statement reads the rows (not the count) of its table. */
function takeDrop(recorder: Recorder, sql: string): number | undefined {
  const drop = recorder.drop;
  const from = sql.slice(sql.indexOf(' FROM '));
  if (!drop || !from.startsWith(` FROM [dbo].[${drop.table}]`) || /^SELECT COUNT/i.test(sql)) return undefined;
  recorder.drop = undefined;
  return drop.rows;
}

/** Streams the result: COLMETADATA, ROWs a DuckDB chunk at a time, then DONE (batch) or DONEINPROC/RETURNSTATUS/DONEPROC (RPC). */
async function runSelect(client: Client, sql: string, rpc: boolean, dropAfter?: number): Promise<void> {
  const writer = replyWriter((packet) => send(client.socket, packet));
  let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
  let types: TdsType[];
  try {
    result = await (client.duck as DuckDBConnection).stream(sql);
    types = result.columnTypes().map((type) => tdsTypeOf(type.toString()));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writer.add(errorToken(/does not exist/i.test(message) ? 208 : 50000, message));
    await writer.add(rpc ? doneProc(DONE.ERROR) : done(DONE.ERROR));
    return writer.end();
  }
  await writer.add(colMetadata(result.columnNames().map((name, index) => ({ name, type: types[index] as TdsType }))));
  let rows = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0 && !client.attention; chunk = await result.fetchChunk()) {
    for (const row of chunk.getRows()) await writer.add(rowToken(types, row.map(tdsValue)));
    rows += chunk.rowCount;
    if (dropAfter !== undefined && rows >= dropAfter) {
      client.socket.destroy(); // mid-result: the driver sees the connection drop
      return;
    }
  }
  if (client.attention) {
    // The response stops here; the acknowledgment is a message of its own, which tedious reads
    // once the interrupted one has ended.
    await writer.add(done(DONE.FINAL, rows));
    await writer.end();
    return acknowledgeAttention(client);
  }
  const status = DONE.COUNT;
  await writer.add(rpc ? Buffer.concat([doneInProc(status, rows), returnStatus(0), doneProc(DONE.FINAL)]) : done(status, rows));
  await writer.end();
}

async function acknowledgeAttention(client: Client): Promise<void> {
  client.attention = false;
  await reply(client, [done(DONE.ATTENTION)]);
}

async function reply(client: Client, tokens: readonly Buffer[]): Promise<void> {
  const writer = replyWriter((packet) => send(client.socket, packet));
  for (const token of tokens) await writer.add(token);
  await writer.end();
}

/** Writes with backpressure: waits for 'drain' when the socket's buffer is full. */
function send(socket: Socket, packet: Buffer): Promise<void> {
  if (socket.destroyed) return Promise.reject(new Error('client gone'));
  if (socket.write(packet)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    socket.once('drain', resolve);
    socket.once('close', () => reject(new Error('client gone')));
  });
}

/** T-SQL [identifiers] → DuckDB "identifiers"; the extraction's SELECTs need nothing else. */
export function toDuckdbSql(sql: string): string {
  return sql.replace(/\[((?:[^\]]|\]\])*)\]/g, (_, name: string) => `"${name.replaceAll(']]', ']').replaceAll('"', '""')}"`);
}

function tdsTypeOf(duckdbType: string): TdsType {
  const map: Record<string, TdsType> = { INTEGER: 'int', SMALLINT: 'smallint', BIGINT: 'bigint', BOOLEAN: 'bit', TIMESTAMP: 'datetime', VARCHAR: 'nvarchar' };
  const type = map[duckdbType];
  // A real SQL Server would send DECIMAL as numeric, which mssql turns into a lossy JS number:
  // refusing it here catches a SELECT that forgot its cast.
  if (!type) throw new Error(`The responder does not send ${duckdbType} columns`);
  return type;
}

function tdsValue(value: DuckDBValue): TdsValue {
  if (value === null || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'object' && 'micros' in value) return Number((value as { micros: bigint }).micros / 1000n);
  return String(value);
}
