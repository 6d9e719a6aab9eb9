import { attackVersion, sentinelTactics } from '../attack/attack.js';
import { defineCheck } from '../check.js';

/**
 * Tactics are the names Sentinel's `tactics` field takes: ATT&CK's tactics in PascalCase without spaces
 * (`CommandAndControl`), plus the two ICS tactics Sentinel accepts. `PreAttack`, which the API still
 * accepts, is a legacy value that ATT&CK split into Reconnaissance and ResourceDevelopment: a warning.
 */
export default defineCheck({
  id: 'tactics-valid',
  code: 'tacticUnknown',
  appliesTo: ['hunting', 'analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'hunting' && item.kind !== 'analytic') return;
    (item.doc.tactics ?? []).forEach((tactic, i) => {
      if (sentinelTactics.includes(tactic)) return;
      const squashed = String(tactic)
        .replace(/[\s_-]/g, '')
        .toLowerCase();
      const near = sentinelTactics.find((t) => t.toLowerCase() === squashed);
      if (tactic === 'PreAttack') {
        report({
          at: { path: ['tactics', i] },
          message: 'PreAttack is a legacy tactic: use Reconnaissance or ResourceDevelopment',
          severity: 'warning',
        });
      } else {
        report({
          at: { path: ['tactics', i] },
          message: near
            ? `tactic '${tactic}' is written '${near}' in Sentinel`
            : `'${tactic}' is not a tactic Sentinel accepts (ATT&CK ${attackVersion}: ${sentinelTactics.join(', ')})`,
        });
      }
    });
  },
});
