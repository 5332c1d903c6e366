// Global middleware: a delivery seen moments ago (Slack's retry with X-Slack-Retry-Num, or a
// replayed request) is acknowledged and not run again in this process. The app's idempotency
// key, built from the same delivery key, is what makes it record once across processes.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import { deliveryKey } from './delivery-key.ts';
import type { RecentIds } from './recent-ids.ts';

export function dedupeDeliveries(recent: RecentIds, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key !== undefined && recent.seen(key)) {
      logger.info('slack: duplicate delivery acknowledged, not run again', { key, retryNum: args.context.retryNum, retryReason: args.context.retryReason });
      // Events are acknowledged by Bolt before middleware runs; commands and actions are not.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await args.next();
  };
}
