import type { ProjectConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * kqlc.yaml's `checks`: a code's severity changed or switched off ('off'), and a code switched off for
 * one content id (compared case-insensitively, as ids are GUIDs).
 */
export function applyCheckConfig(
  diagnostics: Diagnostic[],
  config: ProjectConfig['checks'] | undefined,
): Diagnostic[] {
  if (!config) return diagnostics;
  const disabled = new Set(config.disable.map((d) => `${d.code}|${d.id.toLowerCase()}`));
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.contentId && disabled.has(`${d.code}|${d.contentId.toLowerCase()}`)) continue;
    const severity = Object.hasOwn(config.severity, d.code) ? config.severity[d.code] : undefined;
    if (severity === 'off') continue;
    out.push(severity ? { ...d, severity } : d);
  }
  return out;
}
