// Teams activities as the use cases see them: the command text (mention, markup and entities
// removed), the org, channel and user ids with their platform.
import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { commandText, mentionsBot, referenceOf, teamsConversation } from '../../src/bot/teams/teams-activity.ts';
import { channelMention, personalMessage, TEAM_CHANNEL, USER_AAD } from '../helpers/teams-activities.ts';
import { BOT_ID, TENANT_ID } from '../helpers/teams-standin.ts';

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const mention = { type: 'mention', text: '<at>TechTree</at>', mentioned: { id: BOT_ID, name: 'TechTree' } };
const asActivity = (a: Record<string, unknown>) => a as unknown as Activity;

describe('commandText', () => {
  it.each([
    ['<at>TechTree</at> done containerd', 'done containerd'],
    ['<at>TechTree</at>&nbsp;done&nbsp;containerd', 'done containerd'],
    ['<at>TechTree</at> team create R&amp;D', 'team create R&D'],
    ['<p><at>TechTree</at> what&#39;s next for my team?</p>', "what's next for my team?"],
    ['hey <at>TechTree</at>, status', 'hey , status'],
    ['  next  ', 'next'],
  ])('%j -> %j', (text, expected) => {
    expect(commandText(asActivity({ text, recipient: { id: BOT_ID }, entities: [mention] }))).toBe(expected);
  });

  it('leaves another person\'s mention as their name', () => {
    const other = { type: 'mention', text: '<at>Grace</at>', mentioned: { id: '29:grace', name: 'Grace' } };
    expect(commandText(asActivity({ text: '<at>TechTree</at> team join Payments', recipient: { id: BOT_ID }, entities: [mention, other] }))).toBe('team join Payments');
    expect(mentionsBot(asActivity({ text: '<at>Grace</at> hi', recipient: { id: BOT_ID }, entities: [other] }))).toBe(false);
  });
});

describe('teamsConversation', () => {
  it('a channel message: org is the tenant, the channel is the Teams channel whatever the thread, the user their AAD object id', () => {
    const a = asActivity(channelMention({ serviceUrl, text: 'next', id: '1700' }));
    expect(teamsConversation(a)).toEqual({
      platform: 'teams', orgId: `teams:${TENANT_ID}`, orgName: 'Platform Guild', userId: USER_AAD, userName: 'Ada Lovelace', channelId: `teams:${TENANT_ID}:${TEAM_CHANNEL}`,
    });
    expect(referenceOf(a, 'thread')).toMatchObject({ activityId: '1700', conversation: { id: `${TEAM_CHANNEL};messageid=1700` } });
    const root = referenceOf(a, 'root');
    expect(root.activityId).toBeUndefined();
    expect(root).toMatchObject({ serviceUrl, conversation: { id: TEAM_CHANNEL } });
  });

  it('a personal chat is direct', () => {
    expect(teamsConversation(asActivity(personalMessage({ serviceUrl, text: 'status' })))).toMatchObject({ isDirect: true, channelId: expect.stringMatching(new RegExp(`^teams:${TENANT_ID}:a:`)) });
  });
});
