import { ConfigSchema } from '../config/schema.js';
import { AnalyticRuleSchema } from './analytic-rule.js';
import { HuntingQuerySchema } from './hunting-query.js';
import { ParserSchema } from './parser.js';
import { TableSchemaSchema } from './table-schema.js';
import { TestsFileSchema } from './test-case.js';

/** The published JSON Schemas (schemas/*.json), one per file format. */
export function schemaFiles(): { file: string; schema: object }[] {
  const entries: [string, string, object][] = [
    ['analytic-rule.schema.json', 'kqlc analytic rule (Azure-Sentinel YAML format)', AnalyticRuleSchema],
    ['hunting-query.schema.json', 'kqlc hunting query (Azure-Sentinel YAML format)', HuntingQuerySchema],
    ['parser.schema.json', 'kqlc parser (KQL function)', ParserSchema],
    ['table.schema.json', 'kqlc table schema', TableSchemaSchema],
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
