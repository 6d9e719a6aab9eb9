import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import type { ParserItem } from '../../src/model/content.js';

/**
 * Real Azure-Sentinel parsers, CustomTables JSON and getschema CSV (../shared/reference/azure-sentinel-samples),
 * copied into a throw-away project. SKIPPED when ../shared is absent (outside this workspace).
 */
const SAMPLES = fileURLToPath(new URL('../../../shared/reference/azure-sentinel-samples/', import.meta.url));
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(SAMPLES))(
  'Azure-Sentinel parsers and table schemas (skipped without ../shared)',
  () => {
    it('loads every form without a diagnostic and checks without errors', async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'kqlc-ref-'));
      made.push(root);
      cpSync(path.join(SAMPLES, 'parsers'), path.join(root, 'parsers'), { recursive: true });
      cpSync(path.join(SAMPLES, 'custom-tables'), path.join(root, 'content/tables'), { recursive: true });
      mkdirSync(path.join(root, 'content/samples'), { recursive: true });
      for (const f of readdirSync(path.join(SAMPLES, 'sample-data'))) {
        const to = f.endsWith('_Schema.csv') ? 'content/tables' : 'content/samples';
        cpSync(path.join(SAMPLES, 'sample-data', f), path.join(root, to, f));
      }
      const project = await loadProject(root);
      expect(project.diagnostics).toEqual([]);
      expect(project.items.map((i) => [(i as ParserItem).form, (i as ParserItem).functionName])).toEqual([
        ['solution', 'ASIM_GetUsernameType'],
        ['solution', 'MSBizAppsVIPUsers'],
        ['asim', 'vimAuditEventMicrosoftExchangeAdmin365'],
      ]);
      expect(project.tables.map((t) => `${t.name}:${t.columns.length}`)).toEqual([
        'AADRiskyUsers:15',
        'AADUserRiskEvents:25',
        'AlertInfo:12',
        'CyberArk_AuditEvents_CL:34',
        'Fortinet_FortiGate_Dns:161',
      ]);
      const asim = project.items[2] as ParserItem;
      expect(asim.parameters.find((p) => p.name === 'eventresult')).toEqual({
        name: 'eventresult',
        type: 'string',
        default: '"*"',
      });
      expect(checkProject(project).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });

    it('reports sample rows given where a getschema CSV is expected', async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'kqlc-ref-'));
      made.push(root);
      const file = 'CyberArk_Audit_Authentication_IngestedLogs.csv';
      mkdirSync(path.join(root, 'content/tables'), { recursive: true });
      cpSync(path.join(SAMPLES, 'sample-data', file), path.join(root, 'content/tables', file));
      const { diagnostics, tables } = await loadProject(root);
      expect(tables).toEqual([]);
      expect(diagnostics).toEqual([
        expect.objectContaining({
          file: `content/tables/${file}`,
          code: 'KQLC1009',
          start: { line: 1, column: 1 },
        }),
      ]);
    });
  },
);
