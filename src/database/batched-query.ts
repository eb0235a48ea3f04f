import type { QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';
import { GroupBatcher, type GroupBatcherOptions } from '../common/group-batcher';
import { queryPrepared } from './prepared-query';

/** A row of a batched statement: `i` is the 1-based position of the call it answers. */
export type BatchedRow<R> = R & { i: string | number };

/**
 * One prepared statement run for many concurrent calls at once (the hot read paths: a session's
 * person, a report's access facts, a rater link's context). Under load, 50 requests need one
 * round trip and one plan execution instead of 50; alone, a call runs at once as before.
 *
 * `params` turns the calls' keys into the statement's array parameters, in call order; the
 * statement unnests them `WITH ORDINALITY AS k(…, i)` and returns `k.i AS i` on each row, so
 * each call gets the row of its own position (or `undefined` when there is none). A failed
 * statement rejects every call of its batch, so the keys must be checked (types, formats)
 * before they reach it: one malformed key must not fail its neighbours.
 */
export function batchedLookup<K, R extends QueryResultRow>(
  dataSource: DataSource,
  name: string,
  text: string,
  params: (keys: K[]) => unknown[],
  options?: GroupBatcherOptions,
): GroupBatcher<K, R | undefined> {
  return new GroupBatcher<K, R | undefined>(async (keys) => {
    const rows = await queryPrepared<BatchedRow<R>>(dataSource, name, text, params(keys));
    const byPosition: (R | undefined)[] = new Array<R | undefined>(keys.length).fill(undefined);
    for (const row of rows) {
      const { i, ...rest } = row;
      const position = Number(i) - 1;
      if (byPosition[position] === undefined) byPosition[position] = rest as unknown as R;
    }
    return byPosition;
  }, options);
}

/** Many concurrent calls' rows written by one statement (one round trip, one commit). */
export function batchedWrite<K>(
  dataSource: DataSource,
  name: string,
  text: string,
  params: (keys: K[]) => unknown[],
  options?: GroupBatcherOptions,
): GroupBatcher<K, null> {
  return new GroupBatcher<K, null>(async (keys) => {
    await queryPrepared(dataSource, name, text, params(keys));
    return keys.map(() => null);
  }, options);
}
