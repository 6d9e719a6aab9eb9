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
    coverage: { testedItems: boolean; ruleAlerts: boolean };
  };
  environments: Record<string, EnvironmentConfig>;
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
    test: { now: undefined, allowUnsupported: false, coverage: { testedItems: false, ruleAlerts: false } },
    environments: {},
  };
}
