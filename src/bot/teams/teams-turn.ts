// One Teams turn, after botbuilder authenticated it: keep the conversation reference, turn the
// activity into a Delivery, write it to the inbox before the HTTP answer goes out, and start it.
// A button click (invoke) waits here for its answer, since Teams shows the card the invoke
// response carries in place of the clicked one.
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import type { Delivery } from '../../app/delivery.ts';
import { newReference, notRecordedApology } from '../../app/delivery-words.ts';
import type { TechTreeApp } from '../../app/techtree-app.ts';
import { buttonAlreadyTakenText, buttonStillWorkingText, unknownButtonText, welcomeText } from '../../app/welcome-words.ts';
import type { Logger } from '../../log.ts';
import { ADAPTIVE_CARD, commandOf, replyCard } from './cards.ts';
import { botWasAdded, commandText, mentionsBot, personKey, referenceOf, teamsConversation, teamsPlace } from './teams-activity.ts';
import { teamsReplyTo, type InvokeWaiters } from './teams-answerer.ts';

/** How long the inbox write may take before the HTTP answer goes anyway (the command then runs once it lands). */
const ACCEPT_WITHIN_MS = 1500;
/** How long a click waits for its card; Teams gives an invoke about 15 s. Slower answers are posted as a message. */
export const INVOKE_WAIT_MS = 8000;
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

export interface TurnDeps {
  readonly app: TechTreeApp;
  readonly waiters: InvokeWaiters;
  readonly logger: Logger;
  readonly invokeWaitMs?: number;
}

const invokeResponse = (body: unknown): Partial<Activity> => ({ type: 'invokeResponse', value: { status: 200, body } satisfies InvokeResponse });
const invokeMessage = (text: string) => invokeResponse({ statusCode: 200, type: MESSAGE_RESPONSE, value: text });

/** The bot's turn handler for botbuilder: messages, card actions (invokes), installs. Never throws for a user's input. */
export function createTurnLogic(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  const { app, waiters, logger } = deps;

  /** Saved on every activity, so digests and late answers use the newest service URL. Never fails the turn. */
  async function keepReferences(activity: Partial<Activity>): Promise<void> {
    const place = teamsPlace(activity);
    const conv = teamsConversation(activity, place);
    try {
      await app.references.save(place.channelId, conv.orgId, 'teams', referenceOf(activity, 'root'));
      if (place.kind === 'personal' && activity.from?.aadObjectId) await app.references.save(personKey(conv.orgId, conv.userId), conv.orgId, 'teams', referenceOf(activity, 'root'));
    } catch (error) {
      logger.warn('teams: could not save the conversation reference', { channelId: place.channelId, error });
    }
  }

  /** Writes the delivery; undefined when it could not be written (the person has been told). */
  async function accept(delivery: Delivery, tell: (text: string) => Promise<unknown>): Promise<'new' | 'duplicate' | undefined> {
    try {
      const outcome = await app.inbox.accept(delivery, { withinMs: ACCEPT_WITHIN_MS });
      if (outcome === 'duplicate') logger.info('teams: duplicate activity acknowledged, not run again', { key: delivery.key });
      return outcome === 'duplicate' ? 'duplicate' : 'new';
    } catch (error) {
      const ref = newReference('teams');
      logger.error('teams: activity could not be recorded', { ref, key: delivery.key, error });
      await tell(notRecordedApology(ref)).catch((e: unknown) => logger.warn('teams: could not deliver the apology either', { ref, error: e }));
      return undefined;
    }
  }

  function deliveryOf(activity: Activity, kind: 'message' | 'invoke', text: string, conversational: boolean): Delivery {
    const place = teamsPlace(activity);
    return {
      key: `teams:${place.tenantId}:activity:${activity.id}`,
      platform: 'teams',
      conversation: teamsConversation(activity, place),
      text,
      ...(conversational ? { conversational: true } : {}),
      withImages: true,
      replyTo: teamsReplyTo(kind, referenceOf(activity, 'thread')),
      receivedAt: new Date(),
      // A card click is answered in its own invoke response, which Teams waits for.
      ...(kind === 'invoke' ? { answerIsAck: true } : {}),
    };
  }

  async function onMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (activity.from?.id === activity.recipient?.id) return;
    const saving = keepReferences(activity);
    const submitted = commandOf(activity.value);
    // In a channel the bot answers only when @mentioned; a card's Action.Submit carries its command.
    if (submitted === undefined && teamsPlace(activity).kind === 'channel' && !mentionsBot(activity)) return void (await saving);
    const delivery = submitted !== undefined
      ? deliveryOf(activity, 'message', submitted, false)
      : deliveryOf(activity, 'message', commandText(activity), true);
    const outcome = await accept(delivery, (text) => context.sendActivity(text));
    await saving;
    if (outcome === 'new') app.inbox.process(delivery.key);
  }

  async function onCardAction(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const command = commandOf(activity.value);
    if (command === undefined) {
      logger.info('teams: card action without a TechTree command', { verb: (activity.value as { action?: { verb?: unknown } })?.action?.verb });
      await context.sendActivity(invokeMessage(unknownButtonText()));
      return;
    }
    const saving = keepReferences(activity);
    const delivery = deliveryOf(activity, 'invoke', command, false);
    const outcome = await accept(delivery, (text) => context.sendActivity(invokeMessage(text)));
    await saving;
    if (outcome === undefined) return;
    if (outcome === 'duplicate') {
      await context.sendActivity(invokeMessage(buttonAlreadyTakenText()));
      return;
    }
    // Registered before the work starts, so that an answer ready at once still finds it.
    const answered = waiters.wait(delivery.key, deps.invokeWaitMs ?? INVOKE_WAIT_MS);
    app.inbox.process(delivery.key);
    const answer = await answered;
    if (!answer) {
      logger.info('teams: card action slower than the invoke allows; its answer follows as a message', { key: delivery.key });
      await context.sendActivity(invokeMessage(buttonStillWorkingText()));
      return;
    }
    await context.sendActivity(invokeResponse({ statusCode: 200, type: ADAPTIVE_CARD, value: replyCard(answer.reply, answer.note ? { note: answer.note } : {}) }));
  }

  async function onConversationUpdate(context: TurnContext): Promise<void> {
    await keepReferences(context.activity);
    if (!botWasAdded(context.activity)) return;
    logger.info('teams: installed', { channelId: teamsPlace(context.activity).channelId });
    await context.sendActivity(welcomeText({ inChannel: teamsPlace(context.activity).kind === 'channel' }));
  }

  return async (context) => {
    switch (context.activity.type) {
      case 'message': return onMessage(context);
      case 'invoke': return context.activity.name === 'adaptiveCard/action' ? onCardAction(context) : undefined;
      case 'conversationUpdate': return onConversationUpdate(context);
      // The welcome goes with the conversationUpdate Teams sends alongside; this one keeps the reference.
      case 'installationUpdate': return keepReferences(context.activity);
      default: return undefined;
    }
  };
}
