import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
await c.run(`create table statCallEnd (callId INT, cltId INT, Stamp TIMESTAMP, Kind INT)`);
const q = (s) => c.runAndReadAll(s).then(r => r.getRowsJson());
console.log(JSON.stringify((await q(`select json_serialize_sql('SELECT e.cltId AS cltID, count(*) FILTER (WHERE e.Kind = 1) AS value\nFROM statCallEnd e\nWHERE e.Stamp BETWEEN $start AND $end GROUP BY e.cltId')`))[0][0]).slice(0, 3000));
console.log((await q(`select json_serialize_sql('SELECT x FROM\nWHERE')`))[0][0]);
try { await c.prepare(`SELECT e.cltId, foo\nFROM statCallEnd e`); } catch (e) { console.log('ERR', e.message, Object.keys(e), e.position); }
try { await c.prepare(`SELECT *\nFROM nope`); } catch (e) { console.log('ERR', e.message); }
const p = await c.prepare(`SELECT cltId AS cltID, count(*) AS value FROM statCallEnd WHERE Stamp BETWEEN $start AND $end GROUP BY 1`);
console.log(p.parameterCount, p.parameterName(1), p.columnCount, p.columnName(1), p.columnType(1).toString(), p.statementType);
