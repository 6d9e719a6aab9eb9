/** ARM templates of this repository's own content: structure, dependencies, escaping, and the swagger. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAlertRule } from '../../src/build/alert-rule.js';
import {
  type ArmTemplate,
  buildArmTemplate,
  DEPLOYMENT_SCHEMA,
  escapeArmStrings,
} from '../../src/build/arm-template.js';
import { loadProject } from '../../src/load/project.js';
import type { Project } from '../../src/model/content.js';
import { projectArmTemplates, writeArmTemplates } from '../../src/publish/arm-templates.js';
import { scheduledDoc } from './fixtures.js';
import {
  ALERT_RULES_SPEC,
  alertRuleDefinition,
  SAVED_SEARCHES_SPEC,
  SUB_TECHNIQUES_API_VERSION,
  specsPresent,
  validateAlertRuleBody,
  validateRequestBody,
} from './swagger.js';

const WORKBOOKS_SPEC =
  'specification/applicationinsights/resource-manager/Microsoft.Insights/ApplicationInsights/stable/2023-06-01/workbooks_API.json';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let project: Project;
let template: ArmTemplate;

beforeAll(async () => {
  project = await loadProject(root);
  template = projectArmTemplates(project, { sourceId: 'kqlc-repo' }).project;
});

/** Every ARM expression must be one bracketed expression with balanced parentheses and quotes. */
function isExpression(s: string): boolean {
  if (!s.startsWith('[') || s.startsWith('[[') || !s.endsWith(']')) return false;
  let depth = 0;
  let quoted = false;
  for (const ch of s.slice(1, -1)) {
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    if (depth < 0) return false;
  }
  return depth === 0 && !quoted;
}

describe('the project template', () => {
  it('is a deployment template parameterised by workspace', () => {
    expect(template.$schema).toBe(DEPLOYMENT_SCHEMA);
    expect(template.contentVersion).toBe('1.0.0.0');
    expect(template.parameters).toEqual({
      workspace: { type: 'string', metadata: { description: expect.any(String) } },
      // The repository has a workbook: its region defaults to the resource group's.
      workbookLocation: {
        type: 'string',
        defaultValue: '[resourceGroup().location]',
        metadata: { description: expect.any(String) },
      },
    });
  });

  it('has each item and its metadata, with valid names and dependencies', () => {
    const types = template.resources.map((r) => r.type);
    expect(types.filter((t) => t.endsWith('/alertRules'))).toHaveLength(1);
    expect(types.filter((t) => t.endsWith('/savedSearches'))).toHaveLength(2);
    expect(types.filter((t) => t === 'Microsoft.Insights/workbooks')).toHaveLength(1);
    expect(types.filter((t) => t.endsWith('/metadata'))).toHaveLength(4);
    const ids = new Set<string>();
    for (const r of template.resources) {
      if (r.type === 'Microsoft.Insights/workbooks') {
        // A workbook is a resource-group resource named by its GUID, in the workspace's region parameter.
        expect(r.name).toMatch(/^[0-9a-f-]{36}$/);
        expect(r.location).toBe("[parameters('workbookLocation')]");
        expect((r.properties as { sourceId: string }).sourceId).toBe(
          "[resourceId('Microsoft.OperationalInsights/workspaces', parameters('workspace'))]",
        );
        expect(JSON.parse((r.properties as { serializedData: string }).serializedData).version).toBe(
          'Notebook/1.0',
        );
        continue;
      }
      expect(isExpression(r.name), r.name).toBe(true);
      expect(r.name).toContain("parameters('workspace')");
      expect(r.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
      for (const d of r.dependsOn ?? []) {
        expect(isExpression(d), d).toBe(true);
        ids.add(d);
      }
    }
    const rule = template.resources.find((r) => r.type.endsWith('/alertRules'))!;
    const parser = template.resources.find(
      (r) => r.type.endsWith('/savedSearches') && (r.properties as { functionAlias?: string }).functionAlias,
    )!;
    expect(rule.kind).toBe('Scheduled');
    // The rule waits for the parser; metadata waits for its item.
    expect(rule.dependsOn).toEqual([expect.stringContaining(parser.name.match(/'([0-9a-f-]{36})'/)![1]!)]);
    for (const m of template.resources.filter((r) => r.type.endsWith('/metadata'))) {
      const parentId = (m.properties as { parentId: string }).parentId;
      expect(isExpression(parentId)).toBe(true);
      expect(m.dependsOn).toEqual([parentId]);
    }
  });

  it('writes literal strings that start with [ as [[, so ARM does not evaluate them', () => {
    expect(escapeArmStrings({ a: '[Preview] rule', b: ['x', '[y]'], c: 1, d: 'plain [z]' })).toEqual({
      a: '[[Preview] rule',
      b: ['x', '[[y]'],
      c: 1,
      d: 'plain [z]',
    });
  });
});

describe('a rule with sub-techniques', () => {
  const resource = buildAlertRule(scheduledDoc({ relevantTechniques: ['T1078.004', 'T1176'] })).resource!;
  const [rule, metadata] = buildArmTemplate([{ type: 'alertRule', role: 'analytic', resource }], {
    sourceId: 'soc',
  }).resources;

  it('is deployed at the api-version that has subTechniques, and sends them', () => {
    expect(rule!.apiVersion).toBe(SUB_TECHNIQUES_API_VERSION);
    expect(rule!.properties).toMatchObject({ techniques: ['T1078', 'T1176'], subTechniques: ['T1078.004'] });
    // Metadata keeps the SDK's api-version; only the rule needs the newer one.
    expect(metadata!.apiVersion).toBe('2022-09-01-preview');
  });

  // 2025-07-01-preview's swagger is not in ../shared/specs: 2022-09-01-preview's, extended with subTechniques.
  it.skipIf(!specsPresent)('has a body the extended 2022-09-01-preview schema accepts', () => {
    const body = { kind: rule!.kind, properties: rule!.properties };
    expect(validateAlertRuleBody(rule!.kind!, body, rule!.apiVersion)).toEqual([]);
  });
});

describe.skipIf(!specsPresent)('template resources against the swagger', () => {
  it('has alert rule, saved search and workbook bodies the API accepts', () => {
    for (const r of template.resources) {
      if (r.type.endsWith('/alertRules')) {
        const body = { kind: r.kind, properties: r.properties };
        expect(validateRequestBody(ALERT_RULES_SPEC, alertRuleDefinition(r.kind!), body)).toEqual([]);
        expect(validateAlertRuleBody(r.kind!, body, r.apiVersion)).toEqual([]);
      } else if (r.type.endsWith('/savedSearches')) {
        expect(validateRequestBody(SAVED_SEARCHES_SPEC, 'SavedSearch', { properties: r.properties })).toEqual(
          [],
        );
      } else if (r.type === 'Microsoft.Insights/workbooks') {
        const body = { location: r.location, kind: r.kind, properties: r.properties };
        expect(validateRequestBody(WORKBOOKS_SPEC, 'Workbook', body)).toEqual([]);
      }
    }
  });
});

describe('writeArmTemplates', () => {
  it('writes project.json and one template per item beside its source path', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'kqlc-arm-'));
    try {
      const { written, problems } = await writeArmTemplates(project, out);
      expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(written).toContain('project.json');
      expect(written).toContain('analytics/teams/persistence_custom_app_sideloading_allowed.json');
      const item = JSON.parse(
        await readFile(
          path.join(out, 'analytics/teams/persistence_custom_app_sideloading_allowed.json'),
          'utf8',
        ),
      ) as ArmTemplate;
      // Without a source id there is no metadata (Sentinel Repositories writes its own).
      expect(item.resources.map((r) => r.type)).toEqual([
        'Microsoft.OperationalInsights/workspaces/providers/alertRules',
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
