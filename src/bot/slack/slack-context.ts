// What every listener gets.
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { Logger } from '../../log.ts';
import type { Edge } from './after-ack.ts';
import type { BotIdentity } from './bot-identity.ts';
import type { People } from './people.ts';
import type { Respond } from './response-url.ts';
import type { SlackWebApi } from './web-api.ts';

export interface SlackContext {
  readonly app: TechTreeApp;
  readonly web: SlackWebApi;
  readonly respond: Respond;
  readonly people: People;
  readonly edge: Edge;
  readonly bot: BotIdentity;
  readonly logger: Logger;
}
