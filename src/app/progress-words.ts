// Engine results in words: reasons, states, tallies.
import type { CompiledTree, NodeStatus, Reason, SectionTally } from '../engine/index.ts';
import type { Catalog } from './catalog.ts';

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

export function reasonWords(r: Reason, catalog: Catalog, ct: CompiledTree): string {
  switch (r.kind) {
    case 'unlocks':
      return `Unlocks ${r.nodeIds.map((id) => titleOf(catalog, id)).join(', ')} right away`;
    case 'leadsTo':
      return `Leads on to ${r.count} more capabilit${r.count === 1 ? 'y' : 'ies'}`;
    case 'effort':
      return `Effort ${r.effort.size}: about ${r.effort.weeks[0]}-${r.effort.weeks[1]} person-weeks`;
    case 'peers':
      return `Done already by ${r.teams.slice(0, 4).join(', ')}${r.teams.length > 4 ? ` and ${r.teams.length - 4} more` : ''}: ask them`;
    case 'tier': {
      const tier = ct.tree.tiers.find((t) => t.id === r.tierId)?.title ?? r.tierId;
      return r.earliestOpen ? `In ${tier}, your earliest open tier` : `In ${tier}`;
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
