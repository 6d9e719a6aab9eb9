import { type GlobalState, type KustoCode, kusto, listItems, type TableSymbol } from './kusto.js';
import { type KqlType, scalarSymbol, typeOfSymbol } from './types.js';

export interface ColumnDef {
  name: string;
  type: KqlType;
}

export interface TableDef {
  name: string;
  columns: ColumnDef[];
}

export interface FunctionParameterDef {
  name: string;
  type: KqlType;
  /** The default as a KQL literal (`'contoso.com'`, `dynamic([])`, `7d`); absent for a required parameter. */
  default?: string;
}

export interface FunctionDef {
  name: string;
  parameters: FunctionParameterDef[];
  /** The function's KQL body, without braces. */
  body: string;
}

/** A Kusto.Language diagnostic with offsets relative to the analysed query text. */
export interface KqlDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  start: number;
  length: number;
}

export interface AnalyzedQuery {
  code: KustoCode;
  diagnostics: KqlDiagnostic[];
  /** Output columns of the query, from the binder; undefined when the result is not a table. */
  columns: ColumnDef[] | undefined;
}

/** Renders a parameter list in KQL: `(domain:string='contoso.com', lookback:timespan=7d)`. */
export function parameterList(parameters: readonly FunctionParameterDef[]): string {
  return `(${parameters.map((p) => `${p.name}:${p.type}${p.default === undefined ? '' : `=${p.default}`}`).join(', ')})`;
}

/**
 * The project's view of the workspace for Kusto.Language: one GlobalState with the declared tables
 * and every parser registered as a function *with its body*, so a query that calls a parser is bound
 * against the parser's real output columns.
 */
export class World {
  readonly globals: GlobalState;

  constructor(
    readonly tables: readonly TableDef[],
    readonly functions: readonly FunctionDef[],
  ) {
    const K = kusto();
    const S = K.Symbols;
    const members: Kusto.Language.Symbols.Symbol[] = [];
    for (const t of tables) {
      const columns = t.columns.map(
        (c) => new S.ColumnSymbol(c.name, scalarSymbol(c.type), null, null, null, null),
      );
      members.push(new S.TableSymbol.$ctor4(t.name, columns));
    }
    for (const f of functions) {
      members.push(
        new S.FunctionSymbol.$ctor16(f.name, parameterList(f.parameters), `{\n${f.body}\n}`, null),
      );
    }
    const db = new S.DatabaseSymbol.ctor('workspace', members);
    const cluster = new S.ClusterSymbol.ctor('kqlc', [db]);
    const globals = K.GlobalState.Default?.WithCluster(cluster)?.WithDatabase(db);
    if (!globals) throw new Error('Kusto.Language refused the workspace schema');
    this.globals = globals;
  }

  /** Parses and binds a query. Offsets in diagnostics are relative to `query`. */
  analyze(query: string): AnalyzedQuery {
    const code = kusto().KustoCode.ParseAndAnalyze(query, this.globals);
    if (!code) throw new Error('Kusto.Language returned no analysis');
    return { code, diagnostics: diagnosticsOf(code), columns: outputColumns(code) };
  }

  /**
   * Analyses a function body as written in a parser: its parameters are declared in front of it, and
   * offsets in the result are relative to the body text.
   */
  analyzeFunctionBody(body: string, parameters: readonly FunctionParameterDef[]): AnalyzedQuery {
    if (parameters.length === 0) return this.analyze(body);
    const prefix = `declare query_parameters${parameterList(parameters)};\n`;
    const result = this.analyze(prefix + body);
    const diagnostics = result.diagnostics.map((d) => {
      const start = d.start - prefix.length;
      return start >= 0
        ? { ...d, start }
        : { ...d, start: 0, length: 0, message: `in the parameters: ${d.message}` };
    });
    return { ...result, diagnostics };
  }
}

function diagnosticsOf(code: KustoCode): KqlDiagnostic[] {
  return listItems(code.GetDiagnostics()).map((d) => ({
    code: d.Code ?? 'KS000',
    severity: d.Severity === 'Error' ? 'error' : d.Severity === 'Warning' ? 'warning' : 'info',
    message: d.Message ?? '',
    start: d.HasLocation ? d.Start : 0,
    length: d.HasLocation ? d.Length : 0,
  }));
}

function outputColumns(code: KustoCode): ColumnDef[] | undefined {
  const result = code.ResultType as TableSymbol | null;
  const columns = (result as unknown as { Columns?: unknown })?.Columns;
  if (!columns) return undefined;
  return listItems(result!.Columns).map((c) => ({
    name: c.Name ?? '',
    type: typeOfSymbol(c.Type) ?? 'dynamic',
  }));
}
