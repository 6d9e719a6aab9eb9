import type { ContentItem, Project } from '../../model/content.js';
import { defineCheck } from '../check.js';
import { duplicateIdMessage, firstById } from '../id-facts.js';

/** Each project's first item per id, built once rather than searched per item. */
const firstItems = new WeakMap<Project, Map<string, ContentItem>>();

/** Two items with one id would overwrite each other in the workspace. */
export default defineCheck({
  id: 'id-unique',
  code: 'idDuplicate',
  appliesTo: ['parser', 'hunting', 'analytic'],
  scope: 'project',
  check(item, resolved, report) {
    let first = firstItems.get(resolved.project);
    if (!first) {
      first = firstById(resolved.project.items);
      firstItems.set(resolved.project, first);
    }
    const earlier = first.get(item.id.toLowerCase());
    if (earlier && earlier !== item) {
      report({ at: { path: ['id'] }, message: duplicateIdMessage(item.id, earlier.source.file.path) });
    }
  },
});
