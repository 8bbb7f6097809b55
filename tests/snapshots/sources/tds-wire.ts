/**
 * The bytes of TDS 7.4 (MS-TDS) that the test responder needs: packets, PRELOGIN, LOGIN7, SQL
 * batch and RPC requests in; LOGINACK, COLMETADATA, ROW, DONE, ERROR and RETURNSTATUS tokens out.
 * Only what the mssql driver (tedious) sends and reads on the extraction path.
 */
export const PACKET = { SQL_BATCH: 0x01, RPC: 0x03, REPLY: 0x04, ATTENTION: 0x06, LOGIN7: 0x10, PRELOGIN: 0x12 } as const;
const HEADER = 8;
export const PACKET_SIZE = 4096;
const STATUS_EOM = 0x01;
export const DONE = { FINAL: 0x00, ERROR: 0x02, COUNT: 0x10, ATTENTION: 0x20 } as const;
const TOKEN = {
  DONE: 0xfd,
  DONEPROC: 0xfe,
  DONEINPROC: 0xff,
  COLMETADATA: 0x81,
  ROW: 0xd1,
  ERROR: 0xaa,
  LOGINACK: 0xad,
  ENVCHANGE: 0xe3,
  RETURNSTATUS: 0x79,
} as const;
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]); // Latin1_General_CI_AS

export interface Message {
  readonly type: number;
  readonly payload: Buffer;
}

/** Reassembles messages from packets; a message ends at the packet whose status has EOM. */
export function messageReader(onMessage: (message: Message) => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let parts: Buffer[] = [];
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER && pending.length >= pending.readUInt16BE(2)) {
      const length = pending.readUInt16BE(2);
      parts.push(pending.subarray(HEADER, length));
      const [type, status] = [pending[0] as number, pending[1] as number];
      pending = pending.subarray(length);
      if (status & STATUS_EOM) {
        onMessage({ type, payload: Buffer.concat(parts) });
        parts = [];
      }
    }
  };
}

/** Writes one reply message as packets as its bytes accumulate; only the last packet carries EOM. */
export function replyWriter(write: (packet: Buffer) => Promise<void>): { add(bytes: Buffer): Promise<void>; end(): Promise<void> } {
  let buffered: Buffer[] = [];
  let size = 0;
  let packetId = 1;
  const emit = async (data: Buffer, last: boolean): Promise<void> => {
    const header = Buffer.from([PACKET.REPLY, last ? STATUS_EOM : 0, 0, 0, 0, 0, packetId++ % 256, 0]);
    header.writeUInt16BE(HEADER + data.length, 2);
    await write(Buffer.concat([header, data]));
  };
  return {
    async add(bytes) {
      buffered.push(bytes);
      size += bytes.length;
      if (size < PACKET_SIZE - HEADER) return;
      let all = Buffer.concat(buffered);
      while (all.length > PACKET_SIZE - HEADER) {
        await emit(all.subarray(0, PACKET_SIZE - HEADER), false);
        all = all.subarray(PACKET_SIZE - HEADER);
      }
      buffered = [all];
      size = all.length;
    },
    async end() {
      await emit(Buffer.concat(buffered), true);
      buffered = [];
      size = 0;
    },
  };
}

/** PRELOGIN reply: version 15.0 and ENCRYPT_NOT_SUP, so the login goes in clear over loopback. */
export function preloginReply(): Buffer {
  const options = Buffer.from([0x00, 0, 11, 0, 6, 0x01, 0, 17, 0, 1, 0xff]);
  return Buffer.concat([options, Buffer.from([15, 0, 0x07, 0xd0, 0, 0]), Buffer.from([0x02])]);
}

export interface Login {
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** TypeFlags fReadOnlyIntent: ApplicationIntent=ReadOnly. */
  readonly readOnlyIntent: boolean;
}

export function parseLogin7(payload: Buffer): Login {
  const text = (at: number): string => {
    const offset = payload.readUInt16LE(at);
    return payload.subarray(offset, offset + payload.readUInt16LE(at + 2) * 2).toString('ucs2');
  };
  const offset = payload.readUInt16LE(44);
  const scrambled = payload.subarray(offset, offset + payload.readUInt16LE(46) * 2);
  // Each byte had its nibbles swapped and was XORed with 0xA5.
  const password = Buffer.from(scrambled.map((byte) => ((byte ^ 0xa5) >> 4) | (((byte ^ 0xa5) & 0x0f) << 4))).toString('ucs2');
  return { user: text(40), password, database: text(68), readOnlyIntent: ((payload[26] as number) & 0x20) !== 0 };
}

/** The text of a SQL batch (after ALL_HEADERS). */
export function sqlBatchText(payload: Buffer): string {
  return payload.subarray(payload.readUInt32LE(0)).toString('ucs2');
}

/** The @statement of an sp_executesql RPC: its first parameter, NVARCHAR(n) or NVARCHAR(MAX). */
export function rpcStatement(payload: Buffer): string {
  let at = payload.readUInt32LE(0);
  at += payload.readUInt16LE(at) === 0xffff ? 4 : 2 + payload.readUInt16LE(at) * 2;
  at += 2; // option flags
  at += 1 + (payload[at] as number) * 2 + 1; // parameter name, status flags
  const maxLength = payload.readUInt16LE(at + 1);
  at += 1 + 2 + COLLATION.length;
  if (maxLength !== 0xffff) return payload.subarray(at + 2, at + 2 + payload.readUInt16LE(at)).toString('ucs2');
  const parts: Buffer[] = [];
  for (at += 8; payload.readUInt32LE(at) !== 0; at += 4 + payload.readUInt32LE(at)) {
    parts.push(payload.subarray(at + 4, at + 4 + payload.readUInt32LE(at)));
  }
  return Buffer.concat(parts).toString('ucs2');
}

const bVarchar = (text: string): Buffer => Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'ucs2')]);

function withLength(token: number, body: Buffer): Buffer {
  const head = Buffer.from([token, 0, 0]);
  head.writeUInt16LE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** ENVCHANGE (database), LOGINACK for TDS 7.4, DONE. */
export function loginAckTokens(database: string): Buffer {
  const envchange = withLength(TOKEN.ENVCHANGE, Buffer.concat([Buffer.from([1]), bVarchar(database), bVarchar('master')]));
  const version = Buffer.from([1, 0x74, 0x00, 0x00, 0x04]);
  const loginAck = withLength(TOKEN.LOGINACK, Buffer.concat([version, bVarchar('Test TDS responder'), Buffer.from([15, 0, 7, 208])]));
  return Buffer.concat([envchange, loginAck, doneToken(TOKEN.DONE, DONE.FINAL)]);
}

export function errorToken(number: number, message: string, severity = 16): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeInt32LE(number, 0);
  fixed.writeUInt8(1, 4);
  fixed.writeUInt8(severity, 5);
  const text = Buffer.alloc(2);
  text.writeUInt16LE(message.length, 0);
  const line = Buffer.alloc(4);
  line.writeInt32LE(1, 0);
  return withLength(TOKEN.ERROR, Buffer.concat([fixed, text, Buffer.from(message, 'ucs2'), bVarchar('responder'), bVarchar(''), line]));
}

export function doneToken(token: number, status: number, rows = 0): Buffer {
  const buffer = Buffer.alloc(13);
  buffer.writeUInt8(token, 0);
  buffer.writeUInt16LE(status, 1);
  buffer.writeUInt16LE(0xc1, 3); // CurCmd: SELECT
  buffer.writeBigUInt64LE(BigInt(rows), 5);
  return buffer;
}

export const doneInProc = (status: number, rows: number): Buffer => doneToken(TOKEN.DONEINPROC, status, rows);
export const doneProc = (status: number): Buffer => doneToken(TOKEN.DONEPROC, status);
export const done = (status: number, rows = 0): Buffer => doneToken(TOKEN.DONE, status, rows);

export function returnStatus(value: number): Buffer {
  const buffer = Buffer.alloc(5);
  buffer.writeUInt8(TOKEN.RETURNSTATUS, 0);
  buffer.writeInt32LE(value, 1);
  return buffer;
}

export type TdsType = 'int' | 'smallint' | 'bigint' | 'bit' | 'datetime' | 'nvarchar';
export type TdsValue = number | bigint | boolean | string | null;

const TYPE_INFO: Readonly<Record<TdsType, Buffer>> = {
  int: Buffer.from([0x26, 4]),
  smallint: Buffer.from([0x26, 2]),
  bigint: Buffer.from([0x26, 8]),
  bit: Buffer.from([0x68, 1]),
  datetime: Buffer.from([0x6f, 8]),
  nvarchar: Buffer.concat([Buffer.from([0xe7, 0x40, 0x1f]), COLLATION]), // max 8000 bytes
};

export function colMetadata(columns: readonly { readonly name: string; readonly type: TdsType }[]): Buffer {
  const head = Buffer.from([TOKEN.COLMETADATA, 0, 0]);
  head.writeUInt16LE(columns.length, 1);
  const userTypeAndFlags = Buffer.from([0, 0, 0, 0, 0x01, 0x00]); // nullable
  return Buffer.concat([head, ...columns.flatMap((column) => [userTypeAndFlags, TYPE_INFO[column.type], bVarchar(column.name)])]);
}

const DAY_MS = 86_400_000;
const DATETIME_ZERO = Date.UTC(1900, 0, 1);

/** One ROW token; datetime values are milliseconds of the naive stamp, stored as 1/300 s ticks. */
export function rowToken(types: readonly TdsType[], values: readonly TdsValue[]): Buffer {
  const parts: Buffer[] = [Buffer.from([TOKEN.ROW])];
  types.forEach((type, index) => {
    parts.push(encodeValue(type, values[index] ?? null));
  });
  return Buffer.concat(parts);
}

function encodeValue(type: TdsType, value: TdsValue): Buffer {
  if (value === null) return type === 'nvarchar' ? Buffer.from([0xff, 0xff]) : Buffer.from([0]);
  if (type === 'nvarchar') {
    const text = Buffer.from(String(value), 'ucs2');
    const length = Buffer.alloc(2);
    length.writeUInt16LE(text.length, 0);
    return Buffer.concat([length, text]);
  }
  const buffer = Buffer.alloc(1 + ((TYPE_INFO[type][1] as number) ?? 0));
  buffer.writeUInt8(buffer.length - 1, 0);
  if (type === 'int') buffer.writeInt32LE(Number(value), 1);
  if (type === 'smallint') buffer.writeInt16LE(Number(value), 1);
  if (type === 'bigint') buffer.writeBigInt64LE(BigInt(value), 1);
  if (type === 'bit') buffer.writeUInt8(value ? 1 : 0, 1);
  if (type === 'datetime') {
    const sinceZero = Number(value) - DATETIME_ZERO;
    const days = Math.floor(sinceZero / DAY_MS);
    buffer.writeInt32LE(days, 1);
    buffer.writeUInt32LE(Math.round(((sinceZero - days * DAY_MS) * 300) / 1000), 5);
  }
  return buffer;
}
