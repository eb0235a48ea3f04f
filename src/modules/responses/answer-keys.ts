import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { KeyObject } from 'node:crypto';
import {
  EnvelopeError,
  isSealed,
  keyId,
  keyObject,
  newDataKey,
  open,
  rewrapDataKey,
  seal,
  unwrapDataKey,
  wrapDataKey,
  type WrappedKey,
} from '../../common/envelope';
import { InjectAppConfig } from '../../config/app.config';
import type { AppConfig } from '../../config/env.validation';

/** Unwrapped data keys kept in memory (a process sees few cycles at once). */
const CACHE_SIZE = 1000;

export interface RotationOutcome {
  /** Data keys now wrapped by the new ANSWERS_KEY. */
  rewrapped: number;
  /** Data keys it wrapped already (a rotation run twice changes nothing the second time). */
  alreadyCurrent: number;
  /** Cycles whose data key neither ANSWERS_KEY nor ANSWERS_KEY_PREVIOUS opens. */
  failed: string[];
}

/**
 * Each cycle's data key, in `cycle_keys` (owned here) wrapped by ANSWERS_KEY, made at the first
 * answer the cycle stores; unwrapped once per process and kept in memory. Responses' answers and
 * comments are sealed with it, the cycle id as the associated data.
 */
@Injectable()
export class AnswerKeys {
  private readonly dataKeys = new Map<string, Promise<KeyObject>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** The cycle's data key, made and stored on first use (a concurrent first use gets the same). */
  dataKey(cycleId: string): Promise<KeyObject> {
    let key = this.dataKeys.get(cycleId);
    if (!key) {
      if (this.dataKeys.size >= CACHE_SIZE) this.dataKeys.clear();
      key = this.loadOrCreate(cycleId);
      key.catch(() => this.dataKeys.delete(cycleId));
      this.dataKeys.set(cycleId, key);
    }
    return key;
  }

  /** A value of a response, sealed for storage: JSON under the cycle's data key. */
  async sealValue(cycleId: string, value: unknown): Promise<string> {
    return seal(await this.dataKey(cycleId), JSON.stringify(value), cycleId);
  }

  /**
   * A stored value of a response, opened. A value stored before answers were sealed is plain
   * JSON, read as it is.
   */
  async openValue<T>(cycleId: string, stored: string): Promise<T> {
    if (!isSealed(stored)) return JSON.parse(stored) as T;
    return JSON.parse(open(await this.dataKey(cycleId), stored, cycleId)) as T;
  }

  /**
   * Re-wraps every cycle's data key under the current ANSWERS_KEY, unwrapping with it or with
   * ANSWERS_KEY_PREVIOUS. Ciphertexts are not touched: the data keys stay the same.
   */
  async rotate(): Promise<RotationOutcome> {
    const keks = this.keks();
    const rows = await this.dataSource.query<{ cycleId: string; keyId: string; wrapped: string }[]>(
      `SELECT cycle_id AS "cycleId", key_id AS "keyId", wrapped_key AS wrapped
         FROM cycle_keys ORDER BY cycle_id`,
    );
    const outcome: RotationOutcome = { rewrapped: 0, alreadyCurrent: 0, failed: [] };
    for (const row of rows) {
      let next: WrappedKey | null;
      try {
        next = rewrapDataKey(keks, this.config.answersKey, row, row.cycleId);
      } catch (error) {
        if (!(error instanceof EnvelopeError)) throw error;
        outcome.failed.push(row.cycleId);
        continue;
      }
      if (!next) {
        outcome.alreadyCurrent++;
        continue;
      }
      // Only if no one changed it meanwhile (a second rotation running at once).
      await this.dataSource.query(
        `UPDATE cycle_keys SET key_id = $2, wrapped_key = $3, rewrapped_at = now()
          WHERE cycle_id = $1 AND wrapped_key = $4`,
        [row.cycleId, next.keyId, next.wrapped, row.wrapped],
      );
      outcome.rewrapped++;
    }
    return outcome;
  }

  /** The id of the current key-encryption key (what `rotate` wraps under). */
  currentKeyId(): string {
    return keyId(this.config.answersKey);
  }

  private keks(): Buffer[] {
    const { answersKey, answersKeyPrevious } = this.config;
    return answersKeyPrevious ? [answersKey, answersKeyPrevious] : [answersKey];
  }

  private async loadOrCreate(cycleId: string): Promise<KeyObject> {
    const stored = (await this.stored(cycleId)) ?? (await this.create(cycleId));
    return keyObject(unwrapDataKey(this.keks(), stored, cycleId));
  }

  private async stored(cycleId: string): Promise<WrappedKey | null> {
    const rows = await this.dataSource.query<WrappedKey[]>(
      `SELECT key_id AS "keyId", wrapped_key AS wrapped FROM cycle_keys WHERE cycle_id = $1`,
      [cycleId],
    );
    return rows[0] ?? null;
  }

  /** Inserts a new wrapped key unless another process did first; either way, the stored one. */
  private async create(cycleId: string): Promise<WrappedKey> {
    const mine = wrapDataKey(this.config.answersKey, newDataKey(), cycleId);
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO cycle_keys (cycle_id, key_id, wrapped_key) VALUES ($1, $2, $3)
       ON CONFLICT (cycle_id) DO NOTHING RETURNING 1`,
      [cycleId, mine.keyId, mine.wrapped],
    );
    if (inserted.length > 0) return mine;
    const theirs = await this.stored(cycleId);
    if (!theirs) throw new Error(`The data key of cycle ${cycleId} vanished while being made`);
    return theirs;
  }
}
