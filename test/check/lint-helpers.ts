import { ruleYaml } from '../helpers/temp-project.js';

/** A hunting query over SigninLogs with `query` as its KQL (query text starts on line 5, column 3). */
export function huntingYaml(query: string): string {
  return `id: 5e1f4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f
name: Hunt
description: test hunting query
query: |
${query
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

/** A parser named Signins with `query` as its body (query text starts on line 4, column 3). */
export function parserYaml(query: string): string {
  return `id: 3e1f4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f
name: Signins
query: |
${query
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
`;
}

export { ruleYaml };
