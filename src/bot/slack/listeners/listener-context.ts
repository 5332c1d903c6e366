// What every listener gets: enough to filter and translate a payload, and where to hand it.
import type { Logger } from '../../../log.ts';
import type { BotIdentity } from '../bot-identity.ts';
import type { Homes } from '../homes.ts';
import type { Receive } from '../receive.ts';

export interface ListenerContext {
  readonly bot: BotIdentity;
  /** Writes the delivery to the inbox, acknowledges it, then starts it (receive.ts). */
  readonly receive: Receive;
  readonly homes: Homes;
  readonly logger: Logger;
}
