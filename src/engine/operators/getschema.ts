/** getschema: one row per input column: ColumnName, ColumnOrdinal, DataType (System.*), ColumnType (KQL name). */
import { defineOperator } from './define.js';

const SYSTEM: Record<string, string> = {
  string: 'System.String',
  int: 'System.Int32',
  long: 'System.Int64',
  real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal',
  bool: 'System.SByte',
  datetime: 'System.DateTime',
  timespan: 'System.TimeSpan',
  guid: 'System.Guid',
  dynamic: 'System.Object',
};

export default defineOperator({
  kinds: ['GetSchemaOperator'],
  compile(_node, _input, ctx, output) {
    const cols = ctx.schema;
    return () => ({
      columns: output,
      data: [
        cols.map((c) => c.name),
        cols.map((_c, k) => k),
        cols.map((c) => SYSTEM[c.type]),
        cols.map((c) => c.type),
      ],
      length: cols.length,
    });
  },
});
