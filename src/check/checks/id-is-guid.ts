import { defineCheck } from '../check.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Content ids are GUIDs: Sentinel uses them as resource names, and they never change once published. */
export default defineCheck({
  id: 'id-is-guid',
  code: 'idNotGuid',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, _resolved, report) {
    if (!GUID.test(item.id)) report({ at: { path: ['id'] }, message: `id '${item.id}' is not a GUID` });
  },
});
