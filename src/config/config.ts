import type { Severity } from '../diagnostics/diagnostic.js';
import type { EnvironmentConfig } from './schema.js';

/** kqlc.yaml with every default filled in. Paths are project-relative, forward slashes. */
export interface ProjectConfig {
  /** Project-relative path of kqlc.yaml, or undefined when the default layout is used. */
  file: string | undefined;
  paths: {
    tables: string[];
    samples: string;
    watchlists: string[];
    parsers: string[];
    hunting: string[];
    analytics: string[];
    workbooks: string[];
  };
  test: {
    now: string | undefined;
    allowUnsupported: boolean;
    coverage: { testedItems: boolean; ruleAlerts: boolean; workbookQueries: boolean };
  };
  environments: Record<string, EnvironmentConfig>;
  /**
   * Named values for `{{Name}}` in queries, project-wide: what `kqlc check`, `kqlc test` and an environment
   * without its own value use. Text, substituted verbatim.
   */
  values: Record<string, string>;
  /** Severity per diagnostic code ('off' drops it), and codes switched off for one content id each. */
  checks: {
    severity: Record<string, Severity | 'off'>;
    disable: { code: string; id: string }[];
  };
}

export const DEFAULT_PATHS: ProjectConfig['paths'] = {
  tables: ['content/tables'],
  samples: 'content/samples',
  watchlists: ['content/watchlists'],
  parsers: ['parsers'],
  hunting: ['hunting'],
  analytics: ['analytics'],
  workbooks: ['workbooks'],
};

export function defaultConfig(): ProjectConfig {
  return {
    file: undefined,
    paths: structuredClone(DEFAULT_PATHS),
    test: {
      now: undefined,
      allowUnsupported: false,
      coverage: { testedItems: false, ruleAlerts: false, workbookQueries: false },
    },
    environments: {},
    values: {},
    checks: { severity: {}, disable: [] },
  };
}
