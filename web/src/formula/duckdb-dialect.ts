/**
 * DuckDB SQL for CodeMirror: its keywords, types and common functions, `$name` parameters, and
 * case-insensitive identifiers (so completing `cltClients` does not quote it).
 */
import { SQLDialect } from '@codemirror/lang-sql';

const keywords = [
  'select from where group by having order limit offset as and or not in is null like ilike between case when then else end',
  'join inner left right full outer cross on using natural semi anti asof positional lateral',
  'with recursive union intersect except all distinct any some exists',
  'qualify window over partition rows range unbounded preceding following current row filter within',
  'asc desc nulls first last true false cast try_cast interval collate glob similar escape',
  'exclude replace columns pivot unpivot values struct list map',
].join(' ');

const types =
  'boolean bool tinyint smallint integer int bigint hugeint utinyint usmallint uinteger ubigint uhugeint decimal numeric real float double varchar text date time timestamp timestamptz interval blob uuid';

const builtin = [
  'count sum avg min max any_value first last arg_min arg_max bool_and bool_or string_agg list',
  'coalesce nullif greatest least abs round floor ceil ceiling trunc sign mod',
  'date_trunc date_part datediff date_diff epoch epoch_ms strftime strptime make_timestamp extract age',
  'length lower upper trim ltrim rtrim substring substr replace concat starts_with ends_with contains regexp_matches',
  'row_number rank dense_rank lag lead ntile',
].join(' ');

export const DuckDB = SQLDialect.define({
  keywords,
  types,
  builtin,
  specialVar: '$',
  caseInsensitiveIdentifiers: true,
  identifierQuotes: '"',
  operatorChars: '*+-%<>!=&|~^/:',
});
