import { defineCheck } from '../check.js';

/** Two items with one id would overwrite each other in the workspace. */
export default defineCheck({
  id: 'id-unique',
  code: 'idDuplicate',
  appliesTo: ['parser', 'hunting', 'analytic'],
  scope: 'project',
  check(item, resolved, report) {
    const key = item.id.toLowerCase();
    const first = resolved.project.items.find((other) => other.id.toLowerCase() === key);
    if (first && first !== item) {
      report({
        at: { path: ['id'] },
        message: `id '${item.id}' is already used by ${first.source.file.path}`,
      });
    }
  },
});
