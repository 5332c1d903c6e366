// What the work after an ack gets (jobs/*.ts), on whichever thread it runs.
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { Logger } from '../../log.ts';
import { createEdge, type Edge } from './after-ack.ts';
import type { BotIdentity } from './bot-identity.ts';
import { createPeople, type People } from './people.ts';
import { createResponder, type Respond } from './response-url.ts';
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

export function createSlackContext(parts: { app: TechTreeApp; web: SlackWebApi; bot: BotIdentity; logger: Logger }): SlackContext {
  const { app, web, bot, logger } = parts;
  return { app, web, respond: createResponder(), people: createPeople(web, logger), edge: createEdge(logger), bot, logger };
}
