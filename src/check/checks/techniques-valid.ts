import { codes } from '../../diagnostics/codes.js';
import {
  attackVersion,
  highestTechniqueNumber,
  revokedTo,
  sentinelCiTactics,
  technique,
} from '../attack/attack.js';
import { defineCheck, type Finding } from '../check.js';

const ID = /^T\d{4}(\.\d{3})?$/;
/** ICS techniques (T0xxx) are not in the Enterprise pack: their ids are checked for form only. */
const ICS = /^T0\d{3}$/;

const as = (name: 'techniqueTacticMismatch' | 'techniqueDeprecated'): Pick<Finding, 'code' | 'severity'> => ({
  code: codes[name].code,
  severity: codes[name].severity,
});

/**
 * `relevantTechniques` are ATT&CK technique ids (`T1078`, `T1078.004`) that exist in ATT&CK Enterprise;
 * each has at least one of its tactics among the rule's tactics (as ATT&CK maps it, or as the
 * Azure-Sentinel CI's older table does; an error for analytic rules, a warning for hunting queries); deprecated or revoked ids warn with their replacement. An id
 * beyond the pack's ATT&CK version (a newer technique, or a new sub-technique of a known one) warns.
 */
export default defineCheck({
  id: 'techniques-valid',
  code: 'techniqueUnknown',
  otherCodes: ['techniqueTacticMismatch', 'techniqueDeprecated'],
  appliesTo: ['hunting', 'analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'hunting' && item.kind !== 'analytic') return;
    const tactics = new Set(item.doc.tactics ?? []);
    (item.doc.relevantTechniques ?? []).forEach((raw, i) => {
      const at = { path: ['relevantTechniques', i] };
      const id = String(raw).trim();
      if (!ID.test(id)) {
        report({ at, message: `'${raw}' is not an ATT&CK technique id (T1234 or T1234.001)` });
        return;
      }
      if (ICS.test(id)) return;
      const known = technique(id);
      if (!known) {
        const revoked = revokedTo(id);
        if (revoked) {
          report({
            at,
            message: `${id} was revoked in ATT&CK: use ${revoked}`,
            ...as('techniqueDeprecated'),
          });
          return;
        }
        const parent = id.slice(0, 5);
        const newer =
          Number(id.slice(1, 5)) > highestTechniqueNumber || (id.includes('.') && technique(parent));
        const ci = sentinelCiTactics(parent);
        if (newer || ci) {
          report({
            at,
            message: newer
              ? `${id} is not in ATT&CK ${attackVersion} (kqlc's pack); if it is newer, check its tactics by hand`
              : `${id} is no longer in ATT&CK ${attackVersion} (deprecated); Azure-Sentinel's CI still knows it`,
            severity: 'warning',
          });
          return;
        }
        report({ at, message: `${id} is not an ATT&CK ${attackVersion} technique` });
        return;
      }
      if (known.deprecated) {
        report({
          at,
          message: `${id} (${known.name}) is deprecated in ATT&CK${known.replacedBy ? `: use ${known.replacedBy}` : ''}`,
          ...as('techniqueDeprecated'),
        });
      }
      if (tactics.size === 0) return;
      const ci = sentinelCiTactics(id.slice(0, 5)) ?? [];
      if (!known.tactics.some((t) => tactics.has(t)) && !ci.some((t) => tactics.has(t))) {
        report({
          at,
          message: `${id} (${known.name}) belongs to ${known.tactics.join(', ')}, none of which is in the rule's tactics (${[...tactics].join(', ')})`,
          ...as('techniqueTacticMismatch'),
          // Azure-Sentinel's CI holds analytic rules to this, not hunting queries (published ones miss it).
          ...(item.kind === 'hunting' ? { severity: 'warning' as const } : {}),
        });
      }
    });
  },
});
