/**
 * Maps a tuple of key values to a dense group number without building string keys: one nested Map per
 * key column. Values of a non-dynamic column are used as they are (a column has one type, and longs,
 * ticks and strings are canonical); dynamic values go through keyOf().
 */
import type { KqlType } from '../../kql/types.js';
import { keyOf } from './compare.js';

type Level = Map<unknown, unknown>;

export class GroupIndex {
  private readonly root: Level = new Map();
  private count = 0;
  private readonly dynamic: boolean[];

  constructor(types: readonly KqlType[]) {
    this.dynamic = types.map((t) => t === 'dynamic');
  }

  get size(): number {
    return this.count;
  }

  /** The group number of `values`, or -(n + 1) when it is new (n is the number it gets). */
  lookup(values: readonly unknown[]): number {
    const last = values.length - 1;
    let level = this.root;
    for (let k = 0; k < last; k++) {
      const v = this.dynamic[k] ? keyOf(values[k]) : (values[k] ?? null);
      let next = level.get(v) as Level | undefined;
      if (!next) {
        next = new Map();
        level.set(v, next);
      }
      level = next;
    }
    const v = this.dynamic[last] ? keyOf(values[last]) : (values[last] ?? null);
    const g = level.get(v) as number | undefined;
    if (g !== undefined) return g;
    const n = this.count++;
    level.set(v, n);
    return -(n + 1);
  }
}
