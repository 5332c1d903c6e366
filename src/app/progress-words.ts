// Engine results in words: reasons, states, tallies.
import type { CompiledTree, NodeStatus, Reason, SectionTally } from '../engine/index.ts';
import type { Catalog } from './catalog.ts';
import { count } from './plural.ts';

const MARKS: Record<NodeStatus, string> = {
  done: '(done)',
  skipped: '(skipped)',
  in_progress: '(in progress)',
  available: '(available)',
  locked: '(locked)',
};

export function statusMark(status: NodeStatus): string {
  return MARKS[status];
}

function titleOf(catalog: Catalog, id: string): string {
  return catalog.node(id)?.title ?? id;
}

/**
 * One reason of a `next` suggestion in words. `whose` names the team the ranking is for, as
 * the reader sees it: "your" for their own team, "Search's" for another.
 */
export function reasonWords(r: Reason, catalog: Catalog, ct: CompiledTree, whose: string): string {
  switch (r.kind) {
    case 'unlocks':
      return `Unlocks ${r.nodeIds.map((id) => titleOf(catalog, id)).join(', ')} right away`;
    case 'leadsTo':
      return `Leads on to ${count(r.count, 'more capability', 'more capabilities')}`;
    case 'effort':
      return `Effort ${r.effort.size}: about ${r.effort.weeks[0]}-${r.effort.weeks[1]} person-weeks`;
    case 'peers':
      return `Done already by ${r.teams.slice(0, 4).join(', ')}${r.teams.length > 4 ? ` and ${r.teams.length - 4} more` : ''}: ask them`;
    case 'tier': {
      const title = (id: string) => ct.tree.tiers.find((t) => t.id === id)?.title ?? id;
      const tier = title(r.tierId);
      switch (r.place) {
        case 'earliest': return `In ${tier}, ${whose} earliest open tier`;
        case 'ahead': return `In ${tier}, ranked with ${whose} earliest open tier (${title(r.earliestTierId)}) because it unlocks more than anything there`;
        case 'after': return `In ${tier}, so after the work in ${title(r.earliestTierId)}, ${whose} earliest open tier`;
      }
    }
  }
}

/** "Containerise  ▰▰▰▱▱  3/5 done" */
export function tallyLine(t: SectionTally): string {
  const applicable = t.total - t.skipped;
  const filled = applicable === 0 ? 5 : Math.round((5 * t.done) / applicable);
  const bar = '▰'.repeat(filled) + '▱'.repeat(5 - filled);
  const extra = [t.inProgress ? `${t.inProgress} in progress` : '', t.skipped ? `${t.skipped} skipped` : ''].filter(Boolean).join(', ');
  return `${bar} ${t.title}: ${t.done}/${applicable} done (${t.percent}%)${extra ? `, ${extra}` : ''}`;
}
