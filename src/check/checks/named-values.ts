import { environmentSelects } from '../../config/select.js';
import type { AnalyzedQuery } from '../../kql/world.js';
import {
  checkValues,
  environmentValues,
  NAMED_VALUE_KINDS,
  placeholders,
  substitute,
  writtenQuery,
} from '../../load/named-values.js';
import { defineCheck } from '../check.js';

/**
 * `{{Name}}` placeholders per environment. The query is analysed with the check values (the project-wide
 * `values`, see src/load/named-values.ts); here every environment that publishes the item is checked too:
 * a name it has no value for is an error, and when its values make a different query, that query is
 * analysed and its KQL errors are reported at the item, naming the environment.
 */
export default defineCheck({
  id: 'named-values',
  code: 'namedValueMissing',
  otherCodes: ['namedValueUndefined'],
  appliesTo: [...NAMED_VALUE_KINDS],
  check(item, resolved, report) {
    const written = writtenQuery(item).text;
    const used = placeholders(written);
    if (used.length === 0) return;
    const config = resolved.project.config;

    const values = checkValues(config);
    const checked = substitute(written, values);
    // Where an offset of the written query is in the analysed (check-substituted) one.
    const inChecked = (offset: number) => substitute(written.slice(0, offset), values).text.length;
    const analysed = new Map<string, AnalyzedQuery>([[checked.text, resolved.analysis(item)]]);
    const analyse = (text: string) => {
      let a = analysed.get(text);
      if (!a) {
        a =
          item.kind === 'parser'
            ? resolved.world.analyzeFunctionBody(text, item.parameters)
            : resolved.world.analyze(text);
        analysed.set(text, a);
      }
      return a;
    };
    const errorsAt = (text: string, original: (o: number) => number) =>
      new Set(
        analyse(text)
          .diagnostics.filter((d) => d.severity === 'error')
          .map((d) => `${d.code}@${original(d.start)}`),
      );
    const baseline = errorsAt(checked.text, checked.original);
    for (const [name, env] of Object.entries(config.environments)) {
      if (!environmentSelects(env, item)) continue;
      const variant = substitute(written, environmentValues(config, env));
      for (const p of variant.missing) {
        // Defined nowhere: the load stage already reported it (KQLC1011).
        if (!Object.hasOwn(values, p.name)) continue;
        const start = inChecked(p.start);
        report({
          at: { queryStart: start, queryEnd: start + values[p.name].length },
          message: `named value '${p.name}' has no value in environment '${name}': give it one under environments.${name}.values or under 'values'`,
        });
      }
      if (variant.missing.length > 0 || variant.text === checked.text) continue;
      for (const d of analyse(variant.text).diagnostics) {
        if (d.severity !== 'error') continue;
        const at = variant.original(d.start);
        if (baseline.has(`${d.code}@${at}`)) continue;
        const start = inChecked(at);
        report({
          at: { queryStart: start, queryEnd: start + 1 },
          message: `with the values of environment '${name}': ${d.message}`,
          code: d.code,
          severity: 'error',
        });
      }
    }
  },
});
