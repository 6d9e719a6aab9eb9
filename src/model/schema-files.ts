import { ConfigSchema } from '../config/schema.js';
import { AnalyticRuleSchema } from './analytic-rule.js';
import { HuntingQuerySchema } from './hunting-query.js';
import { AsimParserSchema, ParserSchema, SolutionParserSchema } from './parser.js';
import { CustomTableSchema, TableSchemaSchema } from './table-schema.js';
import { TestsFileSchema } from './test-case.js';
import { WatchlistSchema } from './watchlist.js';
import { WorkbookSchema } from './workbook.js';

/** The published JSON Schemas (schemas/*.json), one per file format. */
export function schemaFiles(): { file: string; schema: object }[] {
  const entries: [string, string, object][] = [
    ['analytic-rule.schema.json', 'kqlc analytic rule (Azure-Sentinel YAML format)', AnalyticRuleSchema],
    ['hunting-query.schema.json', 'kqlc hunting query (Azure-Sentinel YAML format)', HuntingQuerySchema],
    ['parser.schema.json', 'kqlc parser (KQL function)', ParserSchema],
    ['parser-asim.schema.json', 'ASIM parser (Azure-Sentinel ParserName/ParserQuery form)', AsimParserSchema],
    [
      'parser-solution.schema.json',
      'Solution parser (Azure-Sentinel FunctionName/FunctionQuery form)',
      SolutionParserSchema,
    ],
    ['table.schema.json', 'kqlc table schema', TableSchemaSchema],
    ['custom-table.schema.json', 'Azure-Sentinel CustomTables table schema (JSON)', CustomTableSchema],
    ['watchlist.schema.json', 'kqlc watchlist declaration', WatchlistSchema],
    ['workbook.schema.json', 'kqlc workbook (YAML authoring form)', WorkbookSchema],
    ['tests.schema.json', 'kqlc content tests (<name>.tests.yaml)', TestsFileSchema],
    ['kqlc-config.schema.json', 'kqlc.yaml project configuration', ConfigSchema],
  ];
  return entries.map(([file, title, schema]) => ({
    file,
    schema: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title,
      ...JSON.parse(JSON.stringify(schema)),
    },
  }));
}
