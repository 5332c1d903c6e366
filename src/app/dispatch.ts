// Routes a parsed command to its use case.
import { noteCommand, noteOutcome } from './command-observer.ts';
import { cleanInput, MAX_INPUT, parseCommand, type Command } from './grammar.ts';
import { fromPlainQuestion } from './plain-questions.ts';
import type { Reply } from './reply.ts';
import { failure, type Ctx } from './use-cases/context.ts';
import { councilHere, councilOff, councilSchedule, councilStall, councilTeams, showCouncil } from './use-cases/council.ts';
import { previewDigest } from './use-cases/digest.ts';
import { help, listTrees, tree } from './use-cases/overview.ts';
import { done, skip, start, undo, unskip } from './use-cases/progress.ts';
import { next, show, status, why } from './use-cases/queries.ts';
import { createTeam, joinTeam, linkTeam, showTeam, trackTree } from './use-cases/teams.ts';

function run(ctx: Ctx, c: Command): Promise<Reply> | Reply {
  switch (c.kind) {
    case 'done': return done(ctx, c.node, c.force);
    case 'undo': return undo(ctx, c.node);
    case 'start': return start(ctx, c.node);
    case 'skip': return skip(ctx, c.rest);
    case 'unskip': return unskip(ctx, c.node);
    case 'next': return next(ctx, c.team);
    case 'status': return status(ctx, c.team);
    case 'show': return show(ctx, c.node);
    case 'why': return why(ctx, c.node);
    case 'tree': return tree(ctx, c.treeId);
    case 'trees': return listTrees(ctx);
    case 'team': return showTeam(ctx);
    case 'teamCreate': return createTeam(ctx, c.name);
    case 'teamLink': return linkTeam(ctx, c.team);
    case 'teamJoin': return joinTeam(ctx, c.team);
    case 'teamTrack': return trackTree(ctx, c.treeId);
    case 'council': return showCouncil(ctx);
    case 'councilHere': return councilHere(ctx);
    case 'councilOff': return councilOff(ctx);
    case 'councilSchedule': return councilSchedule(ctx, c.cron, c.timeZone);
    case 'councilAdd': return councilTeams(ctx, c.team, true);
    case 'councilRemove': return councilTeams(ctx, c.team, false);
    case 'councilStall': return councilStall(ctx, c.days);
    case 'digest': return previewDigest(ctx);
    case 'help': return help(c.topic);
  }
}

/** Text in, Reply out. User mistakes come back as replies; infrastructure failures throw. */
export async function dispatch(ctx: Ctx, text: string): Promise<Reply> {
  // Plain questions first ("why is keda locked?" also starts with a command word).
  const input = ctx.options.conversational && text.length <= MAX_INPUT ? (fromPlainQuestion(cleanInput(text)) ?? text) : text;
  const parsed = parseCommand(input);
  noteCommand(parsed.ok ? parsed.command.kind : 'unknown');
  const reply = parsed.ok ? await run(ctx, parsed.command) : failure(parsed.error);
  noteOutcome(reply.ok ? 'ok' : 'rejected');
  return reply;
}
