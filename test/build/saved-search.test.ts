/** Hunting queries and parsers as Log Analytics saved searches, built from this repository's own content. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildHuntingSearch,
  buildParserSearch,
  HUNTING_CATEGORY,
  savedSearchRequestBody,
} from '../../src/build/saved-search.js';
import { loadProject } from '../../src/load/project.js';
import type { HuntingItem, ParserItem, Project } from '../../src/model/content.js';
import { SAVED_SEARCHES_SPEC, SPECS_DIR, specsPresent, validateRequestBody } from './swagger.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let project: Project;
let hunting: HuntingItem;
let parser: ParserItem;

beforeAll(async () => {
  project = await loadProject(root);
  hunting = project.items.find((i): i is HuntingItem => i.kind === 'hunting')!;
  parser = project.items.find((i): i is ParserItem => i.kind === 'parser' && i.functionName === 'TeamsData')!;
});

describe('buildHuntingSearch', () => {
  it('makes a "Hunting Queries" saved search with description, tactics and techniques tags', () => {
    const { resource, issues } = buildHuntingSearch(hunting);
    expect(issues).toEqual([]);
    expect(resource!.name).toBe(hunting.doc.id);
    const p = resource!.properties;
    expect(p.category).toBe(HUNTING_CATEGORY);
    expect(p.displayName).toBe(hunting.doc.name);
    expect(p.query).toBe(hunting.doc.query);
    expect(p.version).toBe(2);
    expect(p).not.toHaveProperty('functionAlias');
    const tags = Object.fromEntries(p.tags!.map((t) => [t.name, t.value]));
    expect(Object.keys(tags).sort()).toEqual(['description', 'tactics', 'techniques']);
    expect(tags.tactics).toBe(hunting.doc.tactics!.join(','));
    expect(tags.techniques).toMatch(/^T\d{4}(,T\d{4})*$/);
    expect(tags.description).not.toMatch(/^'|'$|\n$/);
  });

  it('joins several tactics with commas and sends parent techniques', () => {
    const item = {
      ...hunting,
      doc: {
        ...hunting.doc,
        tactics: ['Persistence', 'Collection'],
        relevantTechniques: ['T1136.003', 'T1098'],
      },
    };
    const tags = buildHuntingSearch(item).resource!.properties.tags!;
    expect(tags).toContainEqual({ name: 'tactics', value: 'Persistence,Collection' });
    expect(tags).toContainEqual({ name: 'techniques', value: 'T1136,T1098' });
  });
});

describe('buildParserSearch', () => {
  it('makes a function: functionAlias is the name queries call', () => {
    const { resource, issues } = buildParserSearch(parser);
    expect(issues).toEqual([]);
    expect(resource!.name).toBe(parser.id);
    expect(resource!.properties).toMatchObject({
      functionAlias: 'TeamsData',
      displayName: parser.title,
      query: parser.query.text,
      version: 2,
    });
    expect(resource!.properties).not.toHaveProperty('functionParameters');
  });

  it('writes parameters as name:type=default, separated by ", "', () => {
    const item: ParserItem = {
      ...parser,
      parameters: [
        { name: 'starttime', type: 'datetime', default: 'datetime(null)' },
        { name: 'domain', type: 'string', default: "'contoso.com'" },
        { name: 'required', type: 'string' },
      ],
    };
    expect(buildParserSearch(item).resource!.properties.functionParameters).toBe(
      "starttime:datetime=datetime(null), domain:string='contoso.com', required:string",
    );
  });

  it('refuses a function name Log Analytics would not accept', () => {
    const { resource, issues } = buildParserSearch({ ...parser, functionName: 'Teams Data' });
    expect(resource).toBeUndefined();
    expect(issues[0]).toMatchObject({ severity: 'error', path: 'name' });
  });
});

describe('swagger validation of saved searches: availability', () => {
  it(specsPresent ? `uses the specs in ${SPECS_DIR}` : `SKIPPED: ${SPECS_DIR} is absent`, (ctx) => {
    if (!specsPresent) {
      console.warn(`[kqlc] saved search spec validation SKIPPED: ${SPECS_DIR} is absent`);
      ctx.skip();
    }
    expect(specsPresent).toBe(true);
  });
});

describe.skipIf(!specsPresent)('swagger validation of saved searches (2025-07-01)', () => {
  const validate = (body: unknown) => validateRequestBody(SAVED_SEARCHES_SPEC, 'SavedSearch', body);

  it('accepts the hunting query and parser bodies, with and without etag', () => {
    const h = buildHuntingSearch(hunting).resource!;
    const p = buildParserSearch({ ...parser, parameters: [{ name: 'x', type: 'string', default: "''" }] })
      .resource!;
    expect(validate(savedSearchRequestBody(h))).toEqual([]);
    expect(validate(savedSearchRequestBody({ ...p, etag: '*' }))).toEqual([]);
  });

  it('rejects a body without displayName, or with a tag that is not name/value', () => {
    const h = buildHuntingSearch(hunting).resource!;
    const { displayName: _d, ...rest } = h.properties;
    expect(validate({ properties: rest }).join()).toMatch(/displayName/);
    expect(validate({ properties: { ...h.properties, tags: [{ name: 'tactics' }] } }).join()).toMatch(
      /value/,
    );
  });
});
