// Draws the pictures worth looking at after a change to the charts: the tree picture of every
// shipped tree (fresh team and one well along) and of a 40-node tree, and the four digest
// charts with awkward team names. Run: node --import tsx scripts/draw-pictures.ts [out-dir]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Chart } from '../src/charts/index.ts';
import { renderChart } from '../src/charts/render.ts';
import { AWKWARD_TEAMS, fortyNodeTree, heatmapInput, stalledInput, statesFor, trendInput, unlockedRows } from '../test/helpers/chart-data.ts';
import { shippedTrees } from '../test/helpers/trees.ts';

const out = process.argv[2] ?? 'out/pictures';
mkdirSync(out, { recursive: true });
const charts: [string, Chart][] = [];
for (const tree of [...shippedTrees(), fortyNodeTree()]) {
  const along = statesFor(tree, { done: tree.nodes.filter((n) => n.requires.length === 0).map((n) => n.id).concat(tree.nodes.slice(0, Math.floor(tree.nodes.length / 3)).map((n) => n.id)) });
  charts.push([`tree-${tree.id}-fresh`, { kind: 'tree', input: { tree, states: new Map(), title: `${tree.title}: Mobile` } }]);
  charts.push([`tree-${tree.id}-along`, { kind: 'tree', input: { tree, states: along, title: `${tree.title}: Payments` } }]);
}
// AWKWARD_TEAMS has '한국 팀' already: each team once, or the heat map draws two rows on one spot.
const teams = [...AWKWARD_TEAMS, 'データ基盤チーム', '数据平台组', '한국 팀 둘'];
charts.push(['unlocked', { kind: 'unlocked', input: { rows: unlockedRows(teams), period: 'week of 26 May 2025' } }]);
charts.push(['stalled', { kind: 'stalled', input: { ...stalledInput(teams), rows: stalledInput(teams).rows.map((r, i) => (i === 2 ? { ...r, daysSinceProgress: 0 } : r)) } }]);
charts.push(['heatmap', { kind: 'heatmap', input: heatmapInput(teams) }]);
charts.push(['trend', { kind: 'trend', input: trendInput(teams) }]);
for (const [name, chart] of charts) {
  const png = await renderChart(chart);
  writeFileSync(join(out, `${name}.png`), png.png);
  console.log(`${name}.png ${png.width}x${png.height} ${Math.round(png.png.length / 1024)} KB`);
}
