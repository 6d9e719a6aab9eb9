import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';

/** What SARIF says about one rule (one diagnostic code). */
export interface SarifRule {
  id: string;
  title: string;
  /** Plain-text help shown by code scanning. */
  help: string;
  helpUri?: string;
  level: Severity;
}

export interface SarifOptions {
  toolVersion: string;
  /** Rule metadata by code; codes without an entry get a generic description. */
  rules: ReadonlyMap<string, SarifRule>;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it (file paths relative to the repository root). */
export function formatSarif(diagnostics: readonly Diagnostic[], options: SarifOptions): string {
  const ruleIds = [...new Set(diagnostics.map((d) => d.code))].sort();
  const rules = ruleIds.map((id) => {
    const rule = options.rules.get(id) ?? genericRule(id);
    return {
      id,
      name: rule.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
        c ? c.toUpperCase() : '',
      ),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.help },
      help: { text: rule.help },
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
      defaultConfiguration: { level: LEVEL[rule.level] },
    };
  });
  const results = diagnostics.map((d) => {
    const start = d.start ?? { line: 1, column: 1 };
    const end = d.end ?? start;
    return {
      ruleId: d.code,
      ruleIndex: ruleIds.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(d.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: start.line,
              startColumn: start.column,
              endLine: end.line,
              endColumn: end.line === start.line ? Math.max(end.column, start.column + 1) : end.column,
            },
          },
        },
      ],
      ...(d.contentId ? { properties: { contentId: d.contentId } } : {}),
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kqlc', version: options.toolVersion, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function genericRule(id: string): SarifRule {
  return id.startsWith('KS')
    ? {
        id,
        title: `Kusto.Language ${id}`,
        help: `Diagnostic ${id} of Microsoft's Kusto.Language: the query does not parse or bind against the declared tables and functions.`,
        level: 'error',
      }
    : { id, title: id, help: id, level: 'error' };
}
