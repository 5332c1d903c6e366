// Digest runs: one row per council and period, claimed before rendering and marked after posting,
// so crashes, retries and duplicate schedulers never post a period's digest twice.
import type { Selectable } from 'kysely';
import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, fromJson, newId, toIso, toJson } from './rows.ts';
import type { DigestRunsTable } from './schema.ts';
import { messageOf } from './store-error.ts';
import type { DigestRun, DigestRunRepository, DigestRunStatus } from './types.ts';

export function createDigestRunRepository({ db, write }: RepositoryDeps): DigestRunRepository {
  const byId = async (id: string) => {
    const row = await db.selectFrom('digest_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRun(row);
  };

  return {
    claim: (councilId, periodKey, settings, opts = {}) => {
      const now = opts.now ?? new Date();
      return write(async (trx) => {
        // Concurrent claimers all reach the unique (council, period) index: on Postgres the later
        // inserts wait for the first to commit and then do nothing; SQLite has one writer anyway.
        const inserted = await trx.insertInto('digest_runs')
          .values({
            id: newId(), council_id: councilId, period_key: periodKey, status: 'running', attempts: 1,
            started_at: toIso(now), finished_at: null, settings: toJson(settings), payload: null, posted_ref: null, error: null, post_started_at: null,
          })
          .onConflict((oc) => oc.columns(['council_id', 'period_key']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (inserted) return { claimed: true, run: toRun(inserted) };

        // A failed run, or one whose worker died mid-way, is taken over by exactly one claimer:
        // the conditional update is re-checked against the row after any concurrent update.
        // `post_started_at` survives the takeover: the new holder must look for a message first.
        const staleBefore = opts.staleAfterMs === undefined ? undefined : toIso(new Date(now.getTime() - opts.staleAfterMs));
        const reclaimed = await trx.updateTable('digest_runs')
          .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), started_at: toIso(now), finished_at: null, error: null }))
          .where('council_id', '=', councilId)
          .where('period_key', '=', periodKey)
          .where((eb) => eb.or([
            eb('status', '=', 'failed'),
            ...(staleBefore === undefined ? [] : [eb.and([eb('status', 'in', ['running', 'posting']), eb('started_at', '<', staleBefore)])]),
          ]))
          .returningAll()
          .executeTakeFirst();
        if (reclaimed) return { claimed: true, run: toRun(reclaimed) };

        const existing = await trx.selectFrom('digest_runs').selectAll()
          .where('council_id', '=', councilId).where('period_key', '=', periodKey)
          .executeTakeFirstOrThrow();
        return { claimed: false, run: toRun(existing) };
      });
    },

    markPosting: async (id, attempt) => {
      const rows = await write((trx) =>
        trx.updateTable('digest_runs')
          .set({ status: 'posting', post_started_at: toIso(new Date()) })
          .where('id', '=', id).where('status', '=', 'running').where('attempts', '=', attempt)
          .returningAll()
          .execute());
      return rows[0] && toRun(rows[0]);
    },

    markPosted: async (id, postedRef, payload) => {
      await write((trx) =>
        trx.updateTable('digest_runs')
          .set({ status: 'posted', posted_ref: postedRef, payload: toJson(payload), finished_at: toIso(new Date()), error: null })
          // A late duplicate must not overwrite the reference of the message users already see.
          .where('id', '=', id).where('status', '<>', 'posted')
          .execute());
      return byId(id);
    },

    markFailed: async (id, error, attempt) => {
      await write((trx) => {
        const q = trx.updateTable('digest_runs')
          .set({ status: 'failed', error: messageOf(error), finished_at: toIso(new Date()) })
          // A posted digest stays posted even if a later step of its job failed.
          .where('id', '=', id).where('status', 'in', ['running', 'posting']);
        return (attempt === undefined ? q : q.where('attempts', '=', attempt)).execute();
      });
      return byId(id);
    },

    get: async (councilId, periodKey) => {
      const row = await db.selectFrom('digest_runs').selectAll()
        .where('council_id', '=', councilId).where('period_key', '=', periodKey)
        .executeTakeFirst();
      return row && toRun(row);
    },

    listForCouncil: async (councilId, limit = 100) => {
      const rows = await db.selectFrom('digest_runs').selectAll()
        .where('council_id', '=', councilId)
        .orderBy('period_key', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRun);
    },
  };
}

function toRun(row: Selectable<DigestRunsTable>): DigestRun {
  return {
    id: row.id,
    councilId: row.council_id,
    periodKey: row.period_key,
    status: row.status as DigestRunStatus,
    attempts: Number(row.attempts),
    startedAt: fromIso(row.started_at),
    settings: fromJson(row.settings),
    ...(row.finished_at === null ? {} : { finishedAt: fromIso(row.finished_at) }),
    ...(row.payload === null ? {} : { payload: fromJson(row.payload) }),
    ...(row.posted_ref === null ? {} : { postedRef: row.posted_ref }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.post_started_at === null ? {} : { postStartedAt: fromIso(row.post_started_at) }),
  };
}
