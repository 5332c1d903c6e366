// The App Home tab: the team at a glance, with the answer to the last button clicked there on top.
import type { types } from '@slack/bolt';
import type { Reply } from '../../app/reply.ts';
import { LIMITS } from './block-limits.ts';
import { buttonCount, renderBlocks } from './blocks.ts';

/** Room kept for the home itself when a last answer is shown above it. */
const LAST_ANSWER_BLOCKS = 30;

export function renderHome(home: Reply, lastAnswer?: Reply): types.HomeView {
  const top = lastAnswer ? [...renderBlocks(lastAnswer, { maxBlocks: LAST_ANSWER_BLOCKS }), { type: 'divider' } as const] : [];
  const rest = renderBlocks(home, {
    maxBlocks: LIMITS.homeBlocks - top.length,
    firstAction: lastAnswer ? buttonCount(lastAnswer) : 0,
    imageNote: 'ask `/techtree tree` for the picture',
  });
  return { type: 'home', blocks: [...top, ...rest] };
}
