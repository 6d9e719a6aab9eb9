/**
 * A fake Azure Resource Manager for Sentinel alert rules, on 127.0.0.1 only, over HTTPS with a certificate
 * made at start (the core-client SDKs refuse to send a bearer token over http). Tests give the REAL SDK
 * client `tlsOptions: { ca: server.ca }`, so its whole pipeline (auth, retries, throttling) runs unchanged.
 *
 * Behaves like ARM where publish depends on it: bearer token and api-version checked; errors as
 * `{"error":{"code","message"}}`; PUT answers 201 (created) or 200 (replaced); DELETE 200, or 204 when there
 * was nothing; GET 404 for a missing rule; LIST pages with `nextLink`; a stale body `etag` is 409. PUT bodies
 * are validated against the swagger in ../shared/specs when present. Every request is recorded, and faults
 * (429 with Retry-After, 500, 503, connection reset, latency) can be injected.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import selfsigned from 'selfsigned';
import {
  SAVED_SEARCHES_SPEC,
  SUB_TECHNIQUES_API_VERSION,
  specsPresent,
  validateAlertRuleBody,
  validateRequestBody,
} from '../build/swagger.js';

export const ALERT_RULES_API_VERSION = '2022-09-01-preview';
export { SUB_TECHNIQUES_API_VERSION };
export const SAVED_SEARCHES_API_VERSION = '2025-07-01';
export const WORKBOOKS_API_VERSION = '2023-06-01';
const WORKBOOKS_SPEC =
  'specification/applicationinsights/resource-manager/Microsoft.Insights/ApplicationInsights/stable/2023-06-01/workbooks_API.json';

export interface RecordedRequest {
  method: string;
  /** Path without the query. */
  path: string;
  apiVersion: string | null;
  /** The answer given: an HTTP status, or 'reset' for a dropped connection. */
  status: number | 'reset';
  body?: unknown;
  /** Milliseconds since the server started (for ordering; tests do not assert on timing except lower bounds). */
  at: number;
  authorized: boolean;
}

export interface Fault {
  /** Which requests: by method and a substring of the path; all when absent. */
  method?: string;
  pathIncludes?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Answer with this status instead of serving the request. */
  status?: number;
  /** With status 429/503: Retry-After in seconds (what ARM sends). */
  retryAfterSeconds?: number;
  /** With status 429/503: retry-after-ms, so tests of the retry path need not wait whole seconds. */
  retryAfterMs?: number;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Wait this long before serving (the request is then served normally unless status/reset is set). */
  delayMs?: number;
}

/** An alert rule or a metadata resource (which has no top-level kind). */
export interface StoredRule {
  id: string;
  name: string;
  type: string;
  kind?: string;
  etag: string;
  properties: Record<string, unknown>;
}

export interface StoredWorkbook {
  id: string;
  name: string;
  type: string;
  location: string;
  kind: string;
  etag: string;
  properties: Record<string, unknown>;
}

export interface StoredSearch {
  id: string;
  name: string;
  type: string;
  etag: string;
  properties: Record<string, unknown>;
}

export interface FakeArmOptions {
  /** The bearer token the server accepts (default: a fixed fake). */
  token?: string;
  /** Items per LIST page (default 2, so every test crosses a page boundary). */
  pageSize?: number;
  /** Added before every answer, for the benchmark. */
  latencyMs?: number;
  /** Validate PUT bodies against the swagger when ../shared/specs is present (default true). */
  validate?: boolean;
  /** What the service does to properties on write (e.g. rewrite durations); applied after validation. */
  rewrite?: (properties: Record<string, unknown>) => Record<string, unknown>;
}

const WORKBOOKS =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Insights\/workbooks(?:\/([^/]+))?$/i;

const SAVED_SEARCHES = new RegExp(
  '^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.OperationalInsights/workspaces/([^/]+)' +
    '/savedSearches(?:/([^/]+))?$',
  'i',
);

const RULES = new RegExp(
  '^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.OperationalInsights/workspaces/([^/]+)' +
    '/providers/Microsoft\\.SecurityInsights/(alertRules|metadata)(?:/([^/]+))?$',
  'i',
);

export class FakeArmServer {
  readonly requests: RecordedRequest[] = [];
  private readonly inFlight = new Map<string, number>();
  /** The most requests of each method served at the same time (reset with `resetInFlight`). */
  readonly maxInFlight = new Map<string, number>();
  /** Workbooks per resource group key, by lower-case name. */
  private readonly workbookGroups = new Map<string, Map<string, StoredWorkbook>>();
  /** Saved searches per workspace key, by lower-case name. */
  private readonly searchWorkspaces = new Map<string, Map<string, StoredSearch>>();
  /** Rules per workspace key (`sub/rg/ws`, lower case), by lower-case name. */
  private readonly workspaces = new Map<string, Map<string, StoredRule>>();
  private readonly faults: (Fault & { left: number })[] = [];
  private readonly started = Date.now();
  /** PUT bodies that failed swagger validation, with the errors (the server answered 400). */
  readonly invalidBodies: { path: string; errors: string[] }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** PEM of the server's self-signed certificate: give it to the SDK as `tlsOptions.ca`. */
    readonly ca: string,
    readonly token: string,
    private readonly options: FakeArmOptions,
  ) {}

  static async start(options: FakeArmOptions = {}): Promise<FakeArmServer> {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 86_400_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
      ],
    });
    let self: FakeArmServer | undefined;
    const server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
      void self!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    self = new FakeArmServer(
      server,
      `https://127.0.0.1:${port}`,
      pems.cert,
      options.token ?? 'fake-token-for-tests',
      options,
    );
    return self;
  }

  /** A credential that hands out the server's token and never touches the network. */
  credential(): TokenCredential & { scopes: string[][] } {
    const scopes: string[][] = [];
    const token = this.token;
    return {
      scopes,
      async getToken(scope: string | string[]): Promise<AccessToken> {
        scopes.push(Array.isArray(scope) ? scope : [scope]);
        return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    };
  }

  /** PUT, PATCH, POST and DELETE requests that were served (not faulted away). */
  writes(): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method !== 'GET' && r.method !== 'HEAD' && typeof r.status === 'number' && r.status < 400,
    );
  }

  inject(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  resetInFlight(): void {
    this.maxInFlight.clear();
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The rules of a workspace, as stored. */
  rules(subscriptionId: string, resourceGroup: string, workspace: string): StoredRule[] {
    return [...this.workspace(subscriptionId, resourceGroup, workspace).values()];
  }

  /** The Sentinel metadata of a workspace, as stored. */
  metadata(subscriptionId: string, resourceGroup: string, workspace: string): StoredRule[] {
    return [...this.workspace(subscriptionId, resourceGroup, workspace, 'metadata').values()];
  }

  /** Puts a metadata resource in the workspace directly (another tool's, another project's). */
  seedMetadata(
    subscriptionId: string,
    resourceGroup: string,
    workspace: string,
    metadata: { name: string; properties: Record<string, unknown> },
  ): StoredRule {
    return this.store(
      subscriptionId,
      resourceGroup,
      workspace,
      metadata.name,
      undefined,
      metadata.properties,
      'metadata',
    ).rule;
  }

  /** Puts a rule in the workspace directly, as if someone had created it in the portal. */
  seed(
    subscriptionId: string,
    resourceGroup: string,
    workspace: string,
    rule: { name: string; kind: string; properties: Record<string, unknown> },
  ): StoredRule {
    return this.store(subscriptionId, resourceGroup, workspace, rule.name, rule.kind, rule.properties).rule;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private workspace(sub: string, rg: string, ws: string, collection = 'alertRules'): Map<string, StoredRule> {
    const key = `${sub}/${rg}/${ws}/${collection}`.toLowerCase();
    let rules = this.workspaces.get(key);
    if (!rules) {
      rules = new Map();
      this.workspaces.set(key, rules);
    }
    return rules;
  }

  private store(
    sub: string,
    rg: string,
    ws: string,
    name: string,
    kind: string | undefined,
    properties: Record<string, unknown>,
    collection = 'alertRules',
  ): { rule: StoredRule; created: boolean } {
    const rules = this.workspace(sub, rg, ws, collection);
    const created = !rules.has(name.toLowerCase());
    const rule: StoredRule = {
      id:
        `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${ws}` +
        `/providers/Microsoft.SecurityInsights/${collection}/${name}`,
      name,
      type: `Microsoft.SecurityInsights/${collection}`,
      etag: `"${randomUUID()}"`,
      // What the service adds: the time of the write, and nulls for what was not sent.
      properties:
        collection === 'alertRules'
          ? { alertRuleTemplateName: null, ...properties, lastModifiedUtc: new Date().toISOString() }
          : { ...properties, lastPublishDate: new Date().toISOString() },
    };
    if (kind !== undefined) rule.kind = kind;
    rules.set(name.toLowerCase(), rule);
    return { rule, created };
  }

  private async handle(
    req: import('node:http').IncomingMessage,
    res: import('node:http').ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: unknown;
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      apiVersion: url.searchParams.get('api-version'),
      status: 0,
      at: Date.now() - this.started,
      authorized: req.headers.authorization === `Bearer ${this.token}`,
    };
    this.requests.push(record);
    // Requests being served at once, per method: how tests see that concurrency is bounded.
    const inFlight = (this.inFlight.get(method) ?? 0) + 1;
    this.inFlight.set(method, inFlight);
    this.maxInFlight.set(method, Math.max(this.maxInFlight.get(method) ?? 0, inFlight));
    res.once('close', () => this.inFlight.set(method, (this.inFlight.get(method) ?? 1) - 1));
    const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, {
        ...headers,
        ...(payload === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-ms-request-id': randomUUID(),
      });
      res.end(payload === undefined ? undefined : JSON.stringify(payload));
    };
    const fail = (status: number, code: string, message: string, headers?: Record<string, string>) =>
      send(status, { error: { code, message } }, headers);

    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    const fault = this.takeFault(method, url.pathname);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.reset) {
      record.status = 'reset';
      req.socket.destroy();
      return;
    }
    if (fault?.status) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      const code =
        fault.status === 429 ? 'TooManyRequests' : fault.status >= 500 ? 'InternalServerError' : 'Fault';
      return fail(fault.status, code, `injected fault ${fault.status}`, headers);
    }

    if (!record.authorized) {
      return fail(
        401,
        'AuthenticationFailed',
        'Authentication failed. The Authorization header is missing or invalid.',
      );
    }
    const workbook = WORKBOOKS.exec(url.pathname);
    if (workbook) {
      this.handleWorkbook(method, url, text, record, workbook, send, fail);
      return;
    }
    const saved = SAVED_SEARCHES.exec(url.pathname);
    if (saved) {
      this.handleSavedSearch(method, url, text, record, saved, send, fail);
      return;
    }
    const match = RULES.exec(url.pathname);
    if (!match) return fail(404, 'InvalidResourceType', `no route for ${method} ${url.pathname}`);
    const [, sub = '', rg = '', ws = '', collection = '', name] = match;
    const isRules = collection.toLowerCase() === 'alertrules';
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) {
      return fail(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required.',
      );
    }
    // Alert rules also at 2025-07-01-preview, the first api-version kqlc knows with `subTechniques`.
    if (apiVersion !== ALERT_RULES_API_VERSION && !(isRules && apiVersion === SUB_TECHNIQUES_API_VERSION)) {
      return fail(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid.`);
    }
    const rules = this.workspace(sub, rg, ws, isRules ? 'alertRules' : 'metadata');
    // As the service does: an api-version without `subTechniques` does not show them.
    const shown = (rule: StoredRule): StoredRule => {
      if (!isRules || apiVersion === SUB_TECHNIQUES_API_VERSION || !('subTechniques' in rule.properties)) {
        return rule;
      }
      const { subTechniques: _hidden, ...properties } = rule.properties;
      return { ...rule, properties };
    };

    if (name === undefined) {
      if (method !== 'GET') return fail(405, 'MethodNotAllowed', `${method} is not allowed on a collection`);
      const all = [...rules.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
      const skip = Number(url.searchParams.get('$skipToken') ?? '0');
      const size = this.options.pageSize ?? 2;
      const page = all.slice(skip, skip + size);
      const payload: { value: StoredRule[]; nextLink?: string } = { value: page.map(shown) };
      if (skip + size < all.length) {
        payload.nextLink = `${this.url}${url.pathname}?api-version=${apiVersion}&$skipToken=${skip + size}`;
      }
      return send(200, payload);
    }

    const existing = rules.get(name.toLowerCase());
    switch (method) {
      case 'GET':
        if (!existing) return fail(404, 'NotFound', `'${name}' was not found.`);
        return send(200, shown(existing));
      case 'DELETE':
        if (!existing) return send(204);
        rules.delete(name.toLowerCase());
        return send(200);
      case 'PUT': {
        try {
          body = JSON.parse(text);
        } catch {
          return fail(
            400,
            'InvalidRequestContent',
            'The request content was invalid and could not be deserialized.',
          );
        }
        record.body = body;
        const b = body as { kind?: unknown; etag?: unknown; properties?: Record<string, unknown> };
        if (isRules && typeof b.kind !== 'string') return fail(400, 'BadRequest', 'kind is required');
        // No metadata swagger in ../shared/specs: metadata bodies are checked by the tests instead. Rules at
        // 2025-07-01-preview: the 2022-09-01-preview schema extended with `subTechniques` (see swagger.ts).
        if (isRules && typeof b.kind === 'string' && this.options.validate !== false && specsPresent) {
          let errors: string[];
          try {
            errors = validateAlertRuleBody(b.kind, body, apiVersion);
          } catch (e) {
            errors = [(e as Error).message];
          }
          if (errors.length) {
            this.invalidBodies.push({ path: url.pathname, errors });
            return fail(400, 'BadRequest', errors.join('; '));
          }
        }
        if (existing && b.etag !== undefined && b.etag !== existing.etag) {
          return fail(
            409,
            'Conflict',
            `The etag ${String(b.etag)} does not match the current ${existing.etag}.`,
          );
        }
        if (isRules && existing && existing.kind !== b.kind) {
          return fail(400, 'BadRequest', `The kind of alert rule '${name}' cannot be changed.`);
        }
        const properties =
          this.options.rewrite && isRules
            ? this.options.rewrite(structuredClone(b.properties ?? {}))
            : (b.properties ?? {});
        const kind = typeof b.kind === 'string' ? b.kind : undefined;
        const { rule, created } = this.store(
          sub,
          rg,
          ws,
          existing?.name ?? name,
          kind,
          properties,
          isRules ? 'alertRules' : 'metadata',
        );
        return send(created ? 201 : 200, shown(rule));
      }
      default:
        return fail(405, 'MethodNotAllowed', `${method} is not allowed`);
    }
  }

  /** Saved searches: no paging; PUT and DELETE answer 200 only (what the SDK accepts); etag "*" overrides. */
  private handleSavedSearch(
    method: string,
    url: URL,
    text: string,
    record: RecordedRequest,
    match: RegExpExecArray,
    send: (status: number, payload?: unknown) => void,
    fail: (status: number, code: string, message: string) => void,
  ): unknown {
    const [, sub = '', rg = '', ws = '', name] = match;
    const apiVersion = url.searchParams.get('api-version');
    if (!apiVersion) {
      return fail(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required.',
      );
    }
    if (apiVersion !== SAVED_SEARCHES_API_VERSION) {
      return fail(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid.`);
    }
    const searches = this.searchesOf(sub, rg, ws);
    if (name === undefined) {
      if (method !== 'GET') return fail(405, 'MethodNotAllowed', `${method} is not allowed on a collection`);
      return send(200, { value: [...searches.values()].sort((a, b) => (a.name < b.name ? -1 : 1)) });
    }
    const existing = searches.get(name.toLowerCase());
    switch (method) {
      case 'GET':
        if (!existing) return fail(404, 'ResourceNotFound', `Saved search '${name}' was not found.`);
        return send(200, existing);
      case 'DELETE':
        searches.delete(name.toLowerCase());
        return send(200);
      case 'PUT': {
        let body: { etag?: unknown; properties?: Record<string, unknown> };
        try {
          body = JSON.parse(text);
        } catch {
          return fail(400, 'InvalidRequestContent', 'The request content could not be deserialized.');
        }
        record.body = body;
        if (this.options.validate !== false && specsPresent) {
          const errors = validateRequestBody(SAVED_SEARCHES_SPEC, 'SavedSearch', body);
          if (errors.length) {
            this.invalidBodies.push({ path: url.pathname, errors });
            return fail(400, 'BadRequest', errors.join('; '));
          }
        }
        if (existing && body.etag !== undefined && body.etag !== '*' && body.etag !== existing.etag) {
          return fail(
            409,
            'Conflict',
            `The etag ${String(body.etag)} does not match the current ${existing.etag}.`,
          );
        }
        const stored = this.storeSearch(sub, rg, ws, existing?.name ?? name, body.properties ?? {});
        return send(200, stored);
      }
      default:
        return fail(405, 'MethodNotAllowed', `${method} is not allowed`);
    }
  }

  /** Workbooks, in a resource group: LIST filters by category and sourceId and pages; etag "*" overrides. */
  private handleWorkbook(
    method: string,
    url: URL,
    text: string,
    record: RecordedRequest,
    match: RegExpExecArray,
    send: (status: number, payload?: unknown) => void,
    fail: (status: number, code: string, message: string) => void,
  ): unknown {
    const [, sub = '', rg = '', name] = match;
    const apiVersion = url.searchParams.get('api-version');
    if (apiVersion !== WORKBOOKS_API_VERSION) {
      return fail(400, 'InvalidApiVersionParameter', `The api-version '${apiVersion}' is invalid.`);
    }
    const books = this.workbooksOf(sub, rg);
    if (name === undefined) {
      if (method !== 'GET') return fail(405, 'MethodNotAllowed', `${method} is not allowed on a collection`);
      const category = url.searchParams.get('category');
      if (!category) return fail(400, 'BadRequest', 'category is required');
      const sourceId = url.searchParams.get('sourceId')?.toLowerCase();
      const all = [...books.values()]
        .filter((b) => b.properties.category === category)
        .filter((b) => !sourceId || String(b.properties.sourceId).toLowerCase() === sourceId)
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const skip = Number(url.searchParams.get('$skipToken') ?? '0');
      const size = this.options.pageSize ?? 2;
      const payload: { value: StoredWorkbook[]; nextLink?: string } = { value: all.slice(skip, skip + size) };
      if (skip + size < all.length) {
        const next = new URL(url.href);
        next.searchParams.set('$skipToken', String(skip + size));
        payload.nextLink = next.href;
      }
      return send(200, payload);
    }
    const existing = books.get(name.toLowerCase());
    switch (method) {
      case 'GET':
        if (!existing) return fail(404, 'ResourceNotFound', `Workbook '${name}' was not found.`);
        return send(200, existing);
      case 'DELETE':
        if (!existing) return send(204);
        books.delete(name.toLowerCase());
        return send(200);
      case 'PUT': {
        let body: {
          etag?: unknown;
          location?: unknown;
          kind?: unknown;
          properties?: Record<string, unknown>;
        };
        try {
          body = JSON.parse(text);
        } catch {
          return fail(400, 'InvalidRequestContent', 'The request content could not be deserialized.');
        }
        record.body = body;
        if (this.options.validate !== false && specsPresent) {
          const errors = validateRequestBody(WORKBOOKS_SPEC, 'Workbook', body);
          if (errors.length) {
            this.invalidBodies.push({ path: url.pathname, errors });
            return fail(400, 'BadRequest', errors.join('; '));
          }
        }
        if (typeof body.location !== 'string') return fail(400, 'LocationRequired', 'location is required');
        if (existing && body.etag !== undefined && body.etag !== '*' && body.etag !== existing.etag) {
          return fail(
            409,
            'Conflict',
            `The etag ${String(body.etag)} does not match the current ${existing.etag}.`,
          );
        }
        const stored: StoredWorkbook = {
          id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/microsoft.insights/workbooks/${existing?.name ?? name}`,
          name: existing?.name ?? name,
          type: 'microsoft.insights/workbooks',
          location: body.location,
          kind: String(body.kind ?? 'shared'),
          etag: `"${randomUUID()}"`,
          properties: {
            ...(body.properties ?? {}),
            timeModified: new Date().toISOString(),
            revision: randomUUID(),
          },
        };
        books.set(name.toLowerCase(), stored);
        return send(existing ? 200 : 201, stored);
      }
      default:
        return fail(405, 'MethodNotAllowed', `${method} is not allowed`);
    }
  }

  private workbooksOf(sub: string, rg: string): Map<string, StoredWorkbook> {
    const key = `${sub}/${rg}`.toLowerCase();
    let books = this.workbookGroups.get(key);
    if (!books) {
      books = new Map();
      this.workbookGroups.set(key, books);
    }
    return books;
  }

  /** The workbooks of a resource group, as stored. */
  workbooks(subscriptionId: string, resourceGroup: string): StoredWorkbook[] {
    return [...this.workbooksOf(subscriptionId, resourceGroup).values()];
  }

  /** Puts a workbook in the resource group directly (made in the portal). */
  seedWorkbook(
    subscriptionId: string,
    resourceGroup: string,
    workbook: Omit<StoredWorkbook, 'id' | 'type' | 'etag'>,
  ) {
    const stored: StoredWorkbook = {
      ...workbook,
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/microsoft.insights/workbooks/${workbook.name}`,
      type: 'microsoft.insights/workbooks',
      etag: `"${randomUUID()}"`,
    };
    this.workbooksOf(subscriptionId, resourceGroup).set(workbook.name.toLowerCase(), stored);
    return stored;
  }

  private searchesOf(sub: string, rg: string, ws: string): Map<string, StoredSearch> {
    const key = `${sub}/${rg}/${ws}`.toLowerCase();
    let searches = this.searchWorkspaces.get(key);
    if (!searches) {
      searches = new Map();
      this.searchWorkspaces.set(key, searches);
    }
    return searches;
  }

  private storeSearch(
    sub: string,
    rg: string,
    ws: string,
    name: string,
    properties: Record<string, unknown>,
  ) {
    const stored: StoredSearch = {
      id:
        `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${ws}` +
        `/savedSearches/${name}`,
      name,
      type: 'Microsoft.OperationalInsights/savedSearches',
      etag: `W/"datetime'${new Date().toISOString()}-${randomUUID().slice(0, 8)}'"`,
      properties: { ...properties },
    };
    this.searchesOf(sub, rg, ws).set(name.toLowerCase(), stored);
    return stored;
  }

  /** The saved searches of a workspace, as stored. */
  savedSearches(subscriptionId: string, resourceGroup: string, workspace: string): StoredSearch[] {
    return [...this.searchesOf(subscriptionId, resourceGroup, workspace).values()];
  }

  /** Puts a saved search in the workspace directly (a solution's parser, a portal edit). */
  seedSavedSearch(
    subscriptionId: string,
    resourceGroup: string,
    workspace: string,
    search: { name: string; properties: Record<string, unknown> },
  ): StoredSearch {
    return this.storeSearch(subscriptionId, resourceGroup, workspace, search.name, search.properties);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const i = this.faults.findIndex(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method === method) &&
        (f.pathIncludes === undefined || path.toLowerCase().includes(f.pathIncludes.toLowerCase())),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i]!;
    fault.left--;
    if (fault.left === 0) this.faults.splice(i, 1);
    return fault;
  }
}

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
