// Every user error in words: what failed, why, and what to type instead. One exhaustive switch.
import { count } from './plural.ts';
import type { ReplyAction } from './reply.ts';
import type { NodeRef, UserError } from './user-errors.ts';

const code = (s: string) => `\`${s}\``;
const list = (nodes: readonly NodeRef[]) => nodes.map((n) => `${n.title} (${code(n.id)}${n.tree ? `, in ${n.tree}` : ''})`).join(', ');
const label = (n: NodeRef) => (n.tree ? `${n.title} (${n.tree})` : n.title);
/** What the user typed, short enough to repeat back. */
const echo = (input: string) => (input.length > 80 ? `${input.slice(0, 77)}…` : input);

export interface ErrorWords {
  readonly text: string;
  readonly actions?: readonly ReplyAction[];
}

export function describeError(e: UserError): ErrorWords {
  switch (e.kind) {
    case 'EmptyCommand':
      return { text: `There was no command to run. Try ${code('next')}, ${code('status')} or ${code('done <node>')}; ${code('help')} lists everything.` };
    case 'BadCommand':
      return { text: `I don't know the command ${code(e.input)}.${e.suggestion ? ` Did you mean ${code(e.suggestion)}?` : ''} Type ${code('help')} to see every command.` };
    case 'MissingArgument':
      return { text: `${code(e.command)} needs more: type ${code(e.usage)}.` };
    case 'TooLong':
      return { text: `That message is ${count(e.length, 'character')}; commands are at most ${e.max.toLocaleString('en')}. Send a shorter command, e.g. ${code('done falco')}.` };
    case 'UnknownNode':
      return {
        text: `I can't find a capability called "${echo(e.input)}".${e.suggestions.length ? ` Closest: ${list(e.suggestions)}.` : ''} Type ${code('tree')} or ${code('trees')} to see them all.`,
        actions: e.suggestions.map((n) => ({ label: label(n), command: `show ${n.id}` })),
      };
    case 'AmbiguousNode':
      return {
        text: `"${echo(e.input)}" could mean ${list(e.candidates)}. Pick one, or type ${code(`${e.verb} <id>${e.tail ?? ''}`)}.${e.addsTree ? ' Recording one from a tree your team does not track yet adds that tree to the team.' : ''}`,
        actions: e.candidates.map((n) => ({ label: label(n), command: `${e.verb} ${n.id}${e.tail ?? ''}` })),
      };
    case 'DidYouMean': {
      const command = `${e.verb} ${e.node.id}${e.tail ?? ''}`;
      const button = { label: `${capitalise(e.verb)} ${e.node.title}${e.addsTree ? ` (adds ${e.node.tree})` : ''}`, command, style: 'primary' as const };
      if (e.addsTree) {
        const how = e.exact ? `${e.node.title} (${code(e.node.id)})` : `Did you mean ${e.node.title} (${code(e.node.id)})? It`;
        return {
          text: `${how} is in the ${e.node.tree} tree, which your team does not track yet: recording it adds that tree to the team. Nothing changed; type ${code(command)} to go ahead.`,
          actions: [button],
        };
      }
      return {
        text: `Did you mean ${e.node.title} (${code(e.node.id)})? "${echo(e.input)}" doesn't name it exactly, so nothing changed: type ${code(command)} to go ahead.`,
        actions: [button],
      };
    }
    case 'Locked':
      if (e.verb === 'start') {
        return {
          text: `${e.node.title} is still locked: it needs ${list(e.missing)} first, so nothing was recorded. Type ${code(`why ${e.node.id}`)} for the plan, or start one of those instead.`,
          actions: [{ label: 'Show the plan', command: `why ${e.node.id}` }, ...e.missing.slice(0, 2).map((n) => ({ label: `Start ${n.title}`, command: `start ${n.id}` }))],
        };
      }
      return {
        text: `${e.node.title} is still locked: it needs ${list(e.missing)} first. Nothing was recorded. If your team really has it, type ${code(`done ${e.node.id} --force`)} (it will show as out of order), or ${code(`why ${e.node.id}`)} for the plan.`,
        actions: [
          { label: 'Mark anyway', command: `done ${e.node.id} --force`, style: 'danger' },
          { label: 'Show the plan', command: `why ${e.node.id}` },
        ],
      };
    case 'AlreadyDone':
      return { text: `${e.node.title} is already done${e.since ? ` (since ${e.since.toISOString().slice(0, 10)})` : ''}; nothing changed. Type ${code('next')} for what to do now, or ${code(`undo ${e.node.id}`)} if it was marked by mistake.` };
    case 'NotDone':
      return e.skipped
        ? { text: `${e.node.title} is skipped, not done. Type ${code(`unskip ${e.node.id}`)} to bring it back into scope.` }
        : { text: `${e.node.title} is neither done nor in progress, so there is nothing to undo. Type ${code('status')} to see where your team stands.` };
    case 'AlreadySkipped':
      return { text: `${e.node.title} is already skipped. Type ${code(`unskip ${e.node.id}`)} to bring it back.` };
    case 'NotSkipped':
      return { text: `${e.node.title} isn't skipped, so there is nothing to unskip. To mark it not applicable, type ${code(`skip ${e.node.id} <reason>`)}.` };
    case 'AlreadyStarted':
      return { text: `${e.node.title} is already in progress. When it's finished, type ${code(`done ${e.node.id}`)}.` };
    case 'MissingReason':
      return { text: `Skipping ${e.node.title} needs a reason, so others know why: type ${code(`skip ${e.node.id} <reason>`)}, e.g. ${code(`skip ${e.node.id} we run no containers here`)}.` };
    case 'NotAllowed':
      return { text: `Only TechTree admins can ${e.action}; nothing changed. Ask a workspace admin, or an operator can add your user id to TECHTREE_ADMINS.` };
    case 'NoTeam':
      return e.where === 'channel'
        ? { text: `This channel isn't linked to a team yet. Type ${code('team link <team>')} to link it to an existing team, or ${code('team create <name>')} to create one here.` }
        : { text: `You aren't on a team yet. Type ${code('team join <team>')}, or ${code('team create <name>')} to start one.` };
    case 'NeedsChannel':
      return {
        text: `${code(e.command)} works on the channel it is typed in, and this conversation has none. ${
          e.platform === 'cli'
            ? `From the command line, name a channel: ${code(`techtree ask --channel <channel> "${e.command} …"`)}.`
            : `Type it in the channel you mean${e.command === 'team link' ? `, or ${code('team join <team>')} to join a team from here` : ''}.`
        }`,
      };
    case 'UnknownTeam':
      return { text: `There is no team "${echo(e.input)}" here.${e.known.length ? ` Teams: ${e.known.join(', ')}: use one of those names.` : ' No teams exist yet.'} To start a new one, type ${code('team create <name>')}.` };
    case 'TeamExists':
      return { text: `A team called ${echo(e.name)} already exists. Type ${code(`team link ${e.slug}`)} to link this channel to it, or ${code(`team join ${e.slug}`)} to join it.` };
    case 'BadTeamName':
      return { text: `"${e.input}" can't be a team name: use 1-60 characters with at least one letter or digit, e.g. ${code('team create Payments')}.` };
    case 'UnknownTree':
      return { text: `There is no tree "${echo(e.input)}". Trees: ${e.known.map(code).join(', ')}. Type ${code('tree <tree-id>')} to see one, or ${code('team track <tree-id>')} to follow it.` };
    case 'NoCouncil':
      return { text: `This channel isn't a council channel. An admin can type ${code('council here')} in the channel where the weekly digest should go.` };
    case 'BadCron':
      return { text: `"${e.input}" isn't a schedule I can use${e.reason ? ` (${e.reason})` : ''}: give five cron fields (minute hour day-of-month month day-of-week), e.g. ${code('council schedule "0 9 * * 1" Europe/London')} for Mondays at 09:00, or a macro such as ${code('@weekly')}.` };
    case 'BadTimeZone':
      return { text: `"${e.input}" isn't an IANA time zone. Use a name like ${code('Europe/London')}, ${code('America/New_York')} or ${code('UTC')}.` };
    case 'BadNumber':
      return { text: `"${e.input}" isn't a whole number from ${e.min} to ${e.max}. Example: ${code('council stall 21')}.` };
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
