import { createHash } from 'node:crypto';
import { codes } from '../diagnostics/codes.js';
import {
  type GlobalState,
  type KustoCode,
  kusto,
  listItems,
  type SyntaxNode,
  type TableSymbol,
} from './kusto.js';
import { childNodes, separatedElements, syntaxKindName } from './syntax.js';
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

/** A watchlist as `_GetWatchlist('alias')` returns it: its columns and, for tests, its rows. */
export interface WatchlistDef {
  alias: string;
  searchKey: string;
  columns: ColumnDef[];
  rows: Record<string, unknown>[];
}

/**
 * The columns `_GetWatchlist` returns before the watchlist's own: the item id, the time of its last
 * update, the search key's value, and the whole item as a bag — the Watchlist table's columns of the
 * same names (reference/tables/Watchlist.json); Microsoft's docs show SearchKey as its own column.
 */
export const WATCHLIST_COLUMNS: readonly ColumnDef[] = [
  { name: '_DTItemId', type: 'string' },
  { name: 'LastUpdatedTimeUTC', type: 'datetime' },
  { name: 'SearchKey', type: 'string' },
  { name: 'WatchlistItem', type: 'dynamic' },
];

/** Sentinel's function that reads a watchlist. */
export const GET_WATCHLIST = '_GetWatchlist';

/**
 * What `_GetWatchlist` returns for a watchlist the project does not declare: the standard columns and an
 * open schema (any other column may be named, as after Sentinel's own `evaluate bag_unpack`), so queries
 * over a watchlist that exists only in the workspace are not wrongly rejected. No table is read, so
 * nothing that lists the tables a query reads sees it.
 */
const UNDECLARED_WATCHLIST = `datatable(${['_DTItemId:string', 'LastUpdatedTimeUTC:datetime', 'SearchKey:string', 'WatchlistItem:dynamic'].join(', ')})[]
| extend _kqlc_item = WatchlistItem
| evaluate bag_unpack(_kqlc_item)`;

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
  /** The GlobalState with `_GetWatchlist` over every declared watchlist. */
  readonly globals: GlobalState;
  private readonly members: Kusto.Language.Symbols.Symbol[] = [];
  private readonly byAliasSet = new Map<string, GlobalState>();
  private readonly watchlistAliases: Set<string>;
  /** Each function's name as a whole word, to follow a query into the parsers it calls. */
  private readonly functionNames: { name: RegExp; body: string }[];

  constructor(
    readonly tables: readonly TableDef[],
    readonly functions: readonly FunctionDef[],
    readonly watchlists: readonly WatchlistDef[] = [],
  ) {
    const S = kusto().Symbols;
    for (const t of tables) {
      const columns = t.columns.map(
        (c) => new S.ColumnSymbol(c.name, scalarSymbol(c.type), null, null, null, null),
      );
      this.members.push(new S.TableSymbol.$ctor4(t.name, columns));
    }
    for (const f of functions) {
      this.members.push(
        new S.FunctionSymbol.$ctor16(f.name, parameterList(f.parameters), `{\n${f.body}\n}`, null),
      );
    }
    this.watchlistAliases = new Set(watchlists.map((w) => w.alias));
    this.functionNames = functions
      .filter((f) => f.body.includes(GET_WATCHLIST))
      .map((f) => ({ name: new RegExp(`(^|[^A-Za-z0-9_])${f.name}($|[^A-Za-z0-9_])`), body: f.body }));
    this.globals = this.globalsFor(
      watchlists.map((w) => w.alias),
      false,
    );
  }

  /**
   * A GlobalState whose `_GetWatchlist` is a user function over the given watchlists only:
   * `datatable(…)[rows] | where watchlistAlias == 'alias'` per watchlist (a union when several). The
   * binder binds a user function's body at each call site with its constant arguments, so a query that
   * names one watchlist sees exactly that watchlist's columns, and the engine can run the body.
   */
  private globalsFor(aliases: readonly string[], open: boolean): GlobalState {
    const key = `${open}\u0000${[...aliases].sort().join('\u0000')}`;
    const cached = this.byAliasSet.get(key);
    if (cached) return cached;
    const K = kusto();
    const S = K.Symbols;
    const members = [...this.members];
    if (!this.functions.some((f) => f.name === GET_WATCHLIST)) {
      const chosen = this.watchlists.filter((w) => aliases.includes(w.alias));
      members.push(
        new S.FunctionSymbol.$ctor16(
          GET_WATCHLIST,
          '(watchlistAlias:string)',
          `{\n${watchlistBody(chosen, open)}\n}`,
          'Returns the items of the watchlist with the given alias (declared in content/watchlists)',
        ),
      );
    }
    const db = new S.DatabaseSymbol.ctor('workspace', members);
    const cluster = new S.ClusterSymbol.ctor('kqlc', [db]);
    const globals = K.GlobalState.Default?.WithCluster(cluster)?.WithDatabase(db);
    if (!globals) throw new Error('Kusto.Language refused the workspace schema');
    this.byAliasSet.set(key, globals);
    return globals;
  }

  /**
   * The declared watchlists a query (or a parser it calls) names, and whether it also calls
   * `_GetWatchlist` with an alias that is not declared or not a literal (then the result is open).
   */
  private watchlistsUsedBy(query: string): { aliases: string[]; open: boolean } {
    const aliases = new Set<string>();
    let open = false;
    const texts = [query];
    const followed = new Set<string>();
    while (texts.length) {
      const text = texts.pop()!;
      for (const f of this.functionNames) {
        if (!followed.has(f.body) && f.name.test(text)) {
          followed.add(f.body);
          texts.push(f.body);
        }
      }
      if (!text.includes(GET_WATCHLIST)) continue;
      for (const m of text.matchAll(/_GetWatchlist\s*\(\s*(?:@?(['"])((?:(?!\1)[^\\\n]|\\.)*)\1\s*\))?/g)) {
        if (m[1] !== undefined && this.watchlistAliases.has(m[2])) aliases.add(m[2]);
        else open = true;
      }
    }
    return { aliases: [...aliases], open };
  }

  /** Parses and binds a query. Offsets in diagnostics are relative to `query`. */
  analyze(query: string): AnalyzedQuery {
    const used = this.watchlistsUsedBy(query);
    const globals = this.globalsFor(used.aliases, used.open);
    const code = kusto().KustoCode.ParseAndAnalyze(query, globals);
    if (!code) throw new Error('Kusto.Language returned no analysis');
    const diagnostics = diagnosticsOf(code);
    if (query.includes(GET_WATCHLIST)) diagnostics.push(...this.unknownWatchlists(code));
    return { code, diagnostics, columns: outputColumns(code) };
  }

  /** `_GetWatchlist('x')` where no watchlist 'x' is declared: a warning at the string literal. */
  private unknownWatchlists(code: KustoCode): KqlDiagnostic[] {
    if (this.functions.some((f) => f.name === GET_WATCHLIST)) return [];
    const out: KqlDiagnostic[] = [];
    const visit = (node: SyntaxNode) => {
      if (syntaxKindName(node.Kind) === 'FunctionCallExpression') {
        const call = node as unknown as {
          Name: { SimpleName: string };
          ArgumentList: { Expressions: Parameters<typeof separatedElements<SyntaxNode>>[0] };
        };
        const [arg] = separatedElements<SyntaxNode>(call.ArgumentList?.Expressions);
        const literal = arg as unknown as { LiteralValue?: unknown } | undefined;
        if (
          call.Name?.SimpleName === GET_WATCHLIST &&
          arg &&
          syntaxKindName(arg.Kind) === 'StringLiteralExpression' &&
          typeof literal?.LiteralValue === 'string' &&
          !this.watchlistAliases.has(literal.LiteralValue)
        ) {
          const known = [...this.watchlistAliases].join(', ') || 'none';
          out.push({
            code: codes.watchlistUnknown.code,
            severity: codes.watchlistUnknown.severity,
            message: `watchlist '${literal.LiteralValue}' is not declared in content/watchlists (declared: ${known})`,
            start: arg.TextStart,
            length: arg.Width,
          });
        }
      }
      for (const child of childNodes(node)) visit(child);
    };
    if (code.Syntax) visit(code.Syntax);
    return out;
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

/**
 * The body of `_GetWatchlist` over some watchlists, plus the open table for undeclared aliases when
 * `open`; with neither, an empty table of the standard columns.
 */
function watchlistBody(watchlists: readonly WatchlistDef[], open: boolean): string {
  const branch = (w: WatchlistDef | undefined) => {
    const columns = [
      ...WATCHLIST_COLUMNS,
      ...(w?.columns ?? []).filter((c) => !WATCHLIST_COLUMNS.some((s) => s.name === c.name)),
    ];
    const schema = columns.map((c) => `${kqlName(c.name)}:${c.type}`).join(', ');
    const rows = (w?.rows ?? []).map((row, i) =>
      columns
        .map((c) => {
          switch (c.name) {
            case '_DTItemId':
              return JSON.stringify(itemId(w!.alias, i));
            case 'LastUpdatedTimeUTC':
              return 'datetime(null)';
            case 'SearchKey':
              return JSON.stringify(
                row[w!.searchKey] === undefined || row[w!.searchKey] === null
                  ? ''
                  : String(row[w!.searchKey]),
              );
            case 'WatchlistItem':
              return `dynamic(${JSON.stringify(row)})`;
            default:
              return literalOf(row[c.name], c.type);
          }
        })
        .join(', '),
    );
    const table = `datatable(${schema})[${rows.length ? `\n  ${rows.join(',\n  ')}\n` : ''}]`;
    return w ? `${table}\n| where watchlistAlias == ${JSON.stringify(w.alias)}` : table;
  };
  const branches = watchlists.map(branch);
  if (open) {
    const declared = watchlists.map((w) => JSON.stringify(w.alias)).join(', ');
    branches.push(
      declared ? `${UNDECLARED_WATCHLIST} | where watchlistAlias !in (${declared})` : UNDECLARED_WATCHLIST,
    );
  }
  if (branches.length === 0) return branch(undefined);
  if (branches.length === 1) return branches[0];
  return `union\n${branches.map((b) => `(${b})`).join(',\n')}`;
}

function kqlName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
}

function itemId(alias: string, index: number): string {
  const h = createHash('sha1').update(`${alias}\u0000${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A watchlist cell as a KQL literal of its column's type; a value that does not fit becomes null. */
function literalOf(value: unknown, type: KqlType): string {
  if (value === undefined || value === null || value === '')
    return type === 'string' ? '""' : `${type}(null)`;
  const text =
    typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  switch (type) {
    case 'string':
      return JSON.stringify(text);
    case 'dynamic':
      return `dynamic(${JSON.stringify(value)})`;
    case 'bool':
      return /^(true|false)$/i.test(text) ? text.toLowerCase() : 'bool(null)';
    case 'int':
    case 'long':
    case 'real':
    case 'decimal':
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? `${type}(${text})` : `${type}(null)`;
    default:
      return /^[0-9A-Za-z:.+\- ]+$/.test(text) ? `${type}(${text})` : `${type}(null)`;
  }
}
