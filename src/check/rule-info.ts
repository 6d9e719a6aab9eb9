import { codes } from '../diagnostics/codes.js';
import type { SarifRule } from '../report/sarif.js';
import { checks } from './index.js';

/** Title and help of every code of ours, for reports that describe rules (SARIF). */
export function ruleInfo(): Map<string, SarifRule> {
  const docs = new Map(
    checks.flatMap((c) => [c.code, ...(c.otherCodes ?? [])].map((name) => [codes[name].code, c.id] as const)),
  );
  const out = new Map<string, SarifRule>();
  for (const entry of Object.values(codes)) {
    const doc = docs.get(entry.code);
    const help = doc
      ? `${entry.title}. See docs/checks/${doc}.md in kqlc for a wrong and a right example.`
      : `${entry.title}.`;
    out.set(entry.code, { id: entry.code, title: entry.title, help, level: entry.severity });
  }
  return out;
}
