/** project-away, project-keep, project-reorder: the binder decides the output columns (wildcards included); values move by name. */

import { selectByName } from './columns.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['ProjectAwayOperator', 'ProjectKeepOperator', 'ProjectReorderOperator'],
  compile(_node, input, _ctx, output) {
    return () => selectByName(input(), output);
  },
});
