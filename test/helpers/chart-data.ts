// Realistic inputs for the chart builders: the CNCF Adoption tree (23 nodes, 6 tracks x 4
// tiers, prerequisites from shared/trees/cncf-adoption-prerequisites.md), a generated 40-node
// tree, uneven progress for six teams, and the awkward cases (none, one, 200 teams, emoji, RTL).
import type { NodeState, NodeStatus, Tree, TreeNode } from '../../src/engine/types.ts';
import { WEEK_MS } from '../../src/engine/time.ts';
import type { ChartInputs, ChartKind } from '../../src/charts/index.ts';
import type { HeatmapInput } from '../../src/charts/maturity-heatmap.chart.ts';
import type { UnlockedRow } from '../../src/charts/newly-unlocked.chart.ts';
import type { StalledInput } from '../../src/charts/stalled-teams.chart.ts';
import type { TrendInput } from '../../src/charts/weekly-trend.chart.ts';

export const TEAMS = ['Payments', 'Search', 'Checkout', 'Identity', 'Data Platform', 'Mobile'] as const;

/** Names a chat workspace really has: emoji, Arabic, Hebrew, mixed, long, Japanese, Korean, and Thai (which no bundled font draws). */
export const AWKWARD_TEAMS = [
  '🚀 Payments',
  'فريق الدفع',
  'צוות חיפוש',
  'Data 📊 Platform',
  '👩‍💻👨‍💻',
  'Identity & Access Management — EMEA & APAC follow-the-sun rotation',
  'データ基盤',
  '한국 팀',
  'ทีมไทย',
  'Payments',
];

const TIERS = [['containerise', 'Containerise'], ['orchestrate', 'Orchestrate'], ['operate', 'Operate'], ['optimise', 'Optimise']] as const;
const TRACKS = [
  ['runtime-packaging', 'Runtime & Packaging'], ['orchestration', 'Orchestration'], ['networking-mesh', 'Networking & Mesh'],
  ['observability', 'Observability'], ['security-policy', 'Security & Policy'], ['cicd-gitops', 'CI/CD & GitOps'],
] as const;

// id, title, tier, track, requires
const CNCF_NODES: readonly (readonly [string, string, string, string, readonly string[]])[] = [
  ['containerd-runtime', 'containerd as Default Runtime', 'containerise', 'runtime-packaging', []],
  ['oci-images', 'OCI-Compliant Images', 'containerise', 'runtime-packaging', []],
  ['registry-auth', 'Registry Auth + Image Signing Foundation', 'containerise', 'runtime-packaging', ['oci-images']],
  ['kubernetes-cluster', 'Production Kubernetes Cluster', 'orchestrate', 'orchestration', ['containerd-runtime', 'oci-images']],
  ['helm-charts', 'Helm Charts for Releasable Units', 'orchestrate', 'orchestration', ['kubernetes-cluster']],
  ['ingress-controller', 'Production Ingress Controller', 'orchestrate', 'networking-mesh', ['kubernetes-cluster']],
  ['cni-network-policy', 'CNI with NetworkPolicy Enforcement', 'orchestrate', 'networking-mesh', ['kubernetes-cluster']],
  ['prometheus-grafana', 'Prometheus + Grafana', 'orchestrate', 'observability', ['kubernetes-cluster']],
  ['gitops-bootstrap', 'Argo CD / Flux Bootstrap', 'orchestrate', 'cicd-gitops', ['kubernetes-cluster', 'helm-charts']],
  ['log-aggregation', 'Cluster-Wide Log Aggregation', 'operate', 'observability', ['prometheus-grafana']],
  ['opentelemetry', 'OpenTelemetry End-to-End', 'operate', 'observability', ['prometheus-grafana']],
  ['policy-as-code', 'Policy-as-Code (OPA Gatekeeper / Kyverno)', 'operate', 'security-policy', ['gitops-bootstrap', 'registry-auth']],
  ['runtime-security', 'Runtime Security (Falco)', 'operate', 'security-policy', ['kubernetes-cluster']],
  ['supply-chain-signing', 'Supply-Chain Signing (Cosign / Sigstore)', 'operate', 'security-policy', ['registry-auth', 'policy-as-code']],
  ['service-mesh', 'Service Mesh (Linkerd or Istio)', 'operate', 'networking-mesh', ['cni-network-policy', 'ingress-controller']],
  ['progressive-delivery', 'Progressive Delivery (Argo Rollouts / Flagger)', 'operate', 'cicd-gitops', ['gitops-bootstrap', 'prometheus-grafana']],
  ['aiops', 'AIOps + Anomaly Correlation', 'optimise', 'observability', ['opentelemetry', 'log-aggregation']],
  ['opencost', 'FinOps Visibility (OpenCost)', 'optimise', 'observability', ['prometheus-grafana']],
  ['backstage', 'Developer Portal (Backstage)', 'optimise', 'cicd-gitops', ['gitops-bootstrap', 'helm-charts']],
  ['keda', 'Event-Driven Autoscaling (KEDA)', 'optimise', 'cicd-gitops', ['prometheus-grafana', 'helm-charts']],
  ['knative', 'Function-Style Workloads (Knative)', 'optimise', 'orchestration', ['kubernetes-cluster', 'ingress-controller']],
  ['crossplane', 'Infrastructure-as-Kubernetes (Crossplane)', 'optimise', 'cicd-gitops', ['gitops-bootstrap', 'policy-as-code']],
  ['spiffe-spire', 'Zero-Trust Workload Identity (SPIFFE/SPIRE)', 'optimise', 'security-policy', ['service-mesh', 'policy-as-code']],
];

function node(id: string, title: string, tier: string, track: string, requires: readonly string[]): TreeNode {
  return { id, title, tier, track, requires, summary: title, tags: [], aliases: [], effort: { size: 'M', weeks: [1, 2] }, steps: ['Do it'], links: [] };
}

export function cncfTree(): Tree {
  return {
    id: 'cncf-adoption',
    title: 'CNCF Adoption',
    summary: 'From raw containers to a policy-governed CNCF stack.',
    tiers: TIERS.map(([id, title]) => ({ id, title, summary: title })),
    tracks: TRACKS.map(([id, title]) => ({ id, title, summary: title })),
    nodes: CNCF_NODES.map(([id, title, tier, track, requires]) => node(id, title, tier, track, requires)),
  };
}

// Forty capabilities over 8 tracks x 5 levels: [track, level, title]. Uneven on purpose, with
// up to four nodes in one cell (Security, level 3) and empty cells.
const FORTY: readonly (readonly [number, number, string])[] = [
  [0, 0, 'Reproducible Builds'], [0, 0, 'Build Cache'], [0, 1, 'Hermetic CI Runners'], [0, 2, 'SBOM for Every Artefact'], [0, 3, 'SLSA Level 3 Provenance'],
  [1, 0, 'Scripted Deploys'], [1, 1, 'Blue/Green Releases'], [1, 2, 'GitOps Everywhere'], [1, 3, 'Canary Analysis'], [1, 4, 'Self-Healing Rollbacks'],
  [2, 0, 'Containers in Production'], [2, 1, 'Managed Kubernetes'], [2, 2, 'Multi-Cluster Scheduling'], [2, 4, 'Serverless Workloads'],
  [3, 1, 'Ingress with TLS'], [3, 2, 'Service Mesh (mTLS)'], [3, 3, 'Multi-Region Failover'], [3, 4, 'Global Traffic Management'],
  [4, 0, 'Central Logging'], [4, 1, 'Metrics & Dashboards'], [4, 2, 'Distributed Tracing'], [4, 3, 'SLOs with Error Budgets'], [4, 4, 'AIOps Anomaly Detection'],
  [5, 0, 'Secrets out of Git'], [5, 1, 'Image Scanning'], [5, 2, 'Policy-as-Code Admission'], [5, 2, 'Runtime Threat Detection'], [5, 2, 'Signed Images Only'],
  [5, 2, 'Workload Identity (SPIFFE)'], [5, 4, 'Zero-Trust Networking'],
  [6, 0, 'Managed Databases'], [6, 1, 'Automated Backups'], [6, 3, 'Point-in-Time Recovery Drills'], [6, 4, 'Self-Service Data Products'],
  [7, 1, 'Service Templates'], [7, 2, 'Developer Portal (Backstage)'], [7, 2, 'Golden Paths'], [7, 3, 'Ephemeral Preview Environments'],
  [7, 4, 'Platform as a Product'], [7, 4, 'Cost Showback per Team'],
];

/** A 40-node tree: 8 tracks x 5 levels, each node requiring the one before it in its track and sometimes one elsewhere. */
export function fortyNodeTree(): Tree {
  const tracks = ['Build', 'Deploy', 'Runtime', 'Networking', 'Observability', 'Security', 'Data', 'Developer Experience'];
  const tiers = ['Level 1 — Initial', 'Level 2 — Managed', 'Level 3 — Defined', 'Level 4 — Measured', 'Level 5 — Optimising'];
  const nodes: TreeNode[] = [];
  FORTY.forEach(([track, level, title], i) => {
    const earlier = nodes.filter((n) => Number(n.tier.slice(1)) < level);
    const sameTrack = earlier.filter((n) => n.track === `k${track}`).at(-1);
    const elsewhere = i % 3 === 0 ? earlier.filter((n) => n.track !== `k${track}`).at(-(1 + (i % 4))) : undefined;
    const requires = [sameTrack?.id, elsewhere?.id].filter((r): r is string => r !== undefined);
    nodes.push(node(`n${i}`, title, `t${level}`, `k${track}`, requires));
  });
  return {
    id: 'forty',
    title: 'Platform maturity (40 capabilities)',
    summary: 'Stress test',
    tiers: tiers.map((title, i) => ({ id: `t${i}`, title, summary: title })),
    tracks: tracks.map((title, i) => ({ id: `k${i}`, title, summary: title })),
    nodes,
  };
}

export interface TeamProgress {
  readonly done?: readonly string[];
  readonly skipped?: readonly string[];
  readonly inProgress?: readonly string[];
}

/** Node states the way the engine defines them: available once every prerequisite is done or skipped. */
export function statesFor(tree: Tree, progress: TeamProgress): Map<string, NodeState> {
  const explicit = new Map<string, NodeStatus>();
  for (const id of progress.done ?? []) explicit.set(id, 'done');
  for (const id of progress.skipped ?? []) explicit.set(id, 'skipped');
  for (const id of progress.inProgress ?? []) explicit.set(id, 'in_progress');
  const met = (id: string) => explicit.get(id) === 'done' || explicit.get(id) === 'skipped';
  return new Map(tree.nodes.map((n) => {
    const allMet = n.requires.every(met);
    const status = explicit.get(n.id) ?? (allMet ? 'available' : 'locked');
    const outOfOrder = (status === 'done' || status === 'in_progress') && !allMet;
    return [n.id, { nodeId: n.id, status, outOfOrder }];
  }));
}

/** Payments: well along, with one node done out of order and one skipped. */
export const PAYMENTS_PROGRESS: TeamProgress = {
  done: ['containerd-runtime', 'oci-images', 'registry-auth', 'kubernetes-cluster', 'helm-charts', 'prometheus-grafana',
    'gitops-bootstrap', 'ingress-controller', 'log-aggregation', 'runtime-security', 'backstage'],
  skipped: ['knative'],
  inProgress: ['policy-as-code', 'opentelemetry', 'crossplane'],
};

/** Uneven progress per team, from nearly done to barely started. */
export function teamProgress(): Record<(typeof TEAMS)[number], TeamProgress> {
  const ids = CNCF_NODES.map(([id]) => id);
  return {
    Payments: PAYMENTS_PROGRESS,
    Search: { done: ids.slice(0, 16), inProgress: ['aiops'] },
    Checkout: { done: ids.slice(0, 5), inProgress: ['prometheus-grafana'] },
    Identity: { done: ids.slice(0, 9), skipped: ['service-mesh', 'spiffe-spire'] },
    'Data Platform': { done: ids.slice(0, 3) },
    Mobile: {},
  };
}

/** `n` team names: the six real ones first, then Team 007 and so on. */
export function teamNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => TEAMS[i] ?? `Team ${String(i + 1).padStart(3, '0')}`);
}

// A small deterministic generator: test pictures must not change from run to run.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function unlockedRows(teams: readonly string[], seed = 1): UnlockedRow[] {
  const rnd = seeded(seed);
  return teams.map((team) => ({ team, newlyUnlocked: Math.floor(rnd() * 5), newlyDone: Math.floor(rnd() * 4) }));
}

const STUCK_ON = ['Service Mesh (Linkerd or Istio)', 'Policy-as-Code (OPA Gatekeeper / Kyverno)', 'OpenTelemetry End-to-End', 'Production Kubernetes Cluster', 'Argo CD / Flux Bootstrap'];

export function stalledInput(teams: readonly string[], seed = 2): StalledInput {
  const rnd = seeded(seed);
  return {
    thresholdDays: 21,
    rows: teams.map((team, i) => ({ team, daysSinceProgress: Math.floor(rnd() * 60), stuckOn: STUCK_ON[i % STUCK_ON.length] as string, stuckOnKind: i % 3 === 0 ? 'stuck' as const : 'next' as const })),
  };
}

/**
 * Maturity per team and track. The six named teams get their real progress on the CNCF tree
 * (skipped nodes out of the totals, tier reached = last tier with every applicable node done);
 * generated teams get seeded random counts.
 */
export function heatmapInput(teams: readonly string[], seed = 3): HeatmapInput {
  const rnd = seeded(seed);
  const tree = cncfTree();
  const known = teamProgress() as Record<string, TeamProgress | undefined>;
  const rows = teams.flatMap((team) => tree.tracks.map((t) => {
    const nodes = tree.nodes.filter((n) => n.track === t.id);
    const progress = known[team];
    if (!progress) {
      const done = Math.floor(rnd() * (nodes.length + 1));
      return { team, trackId: t.id, done, total: nodes.length };
    }
    const applicable = nodes.filter((n) => !progress.skipped?.includes(n.id));
    return { team, trackId: t.id, done: applicable.filter((n) => progress.done?.includes(n.id)).length, total: applicable.length };
  }));
  const tierReached = teams.map((team, i) => {
    const progress = known[team];
    if (!progress) return { team, tier: TIERS[i % TIERS.length]?.[1] as string };
    const complete = (tier: string) => tree.nodes.filter((n) => n.tier === tier && !progress.skipped?.includes(n.id)).every((n) => progress.done?.includes(n.id));
    const reached = TIERS.filter((_tier, k) => TIERS.slice(0, k + 1).every(([earlier]) => complete(earlier))).at(-1);
    return { team, tier: reached?.[1] ?? '' };
  });
  return { tracks: tree.tracks.map(({ id, title }) => ({ id, title })), rows, tierReached };
}

/** The Monday `weeksBack` weeks before 2025-06-02, as an ISO date. */
export function monday(weeksBack: number): string {
  return new Date(Date.UTC(2025, 5, 2) - weeksBack * WEEK_MS).toISOString().slice(0, 10);
}

export function trendInput(teams: readonly string[], seed = 4): TrendInput {
  const rnd = seeded(seed);
  return {
    rows: teams.flatMap((team) => Array.from({ length: 12 }, (_, w) => ({ team, week: monday(11 - w), done: Math.floor(rnd() * 3) }))),
  };
}

// Every kind of chart with ordinary, empty, one-team, 200-team, emoji/RTL and no-progress input.
export type ChartCase = { [K in ChartKind]: { kind: K; name: string; input: ChartInputs[K] } }[ChartKind];

const PERIOD = 'week of 26 May 2025';
const cncf = cncfTree();
const forty = fortyNodeTree();

function digestCases(name: string, teams: readonly string[]): ChartCase[] {
  return [
    { kind: 'unlocked', name, input: { rows: unlockedRows(teams), period: PERIOD } },
    { kind: 'stalled', name, input: stalledInput(teams) },
    { kind: 'heatmap', name, input: heatmapInput(teams) },
    { kind: 'trend', name, input: trendInput(teams) },
  ];
}

const noProgress = teamNames(6);
export const CASES: readonly ChartCase[] = [
  { kind: 'tree', name: 'CNCF, Payments', input: { tree: cncf, states: statesFor(cncf, PAYMENTS_PROGRESS), title: 'Payments — CNCF Adoption' } },
  { kind: 'tree', name: 'CNCF, nothing done', input: { tree: cncf, states: new Map(), title: 'Mobile — CNCF Adoption' } },
  { kind: 'tree', name: 'forty nodes', input: { tree: forty, states: statesFor(forty, { done: ['n0', 'n1', 'n30'] }), title: 'Search' } },
  { kind: 'tree', name: 'empty tree', input: { tree: { ...cncf, nodes: [] }, states: new Map(), title: 'Empty' } },
  { kind: 'tree', name: 'emoji/RTL title', input: { tree: cncf, states: new Map(), title: '🚀 فريق الدفع — צוות' } },
  ...digestCases('six teams', teamNames(6)),
  ...digestCases('no teams', []),
  ...digestCases('one team', ['Payments']),
  ...digestCases('200 teams', teamNames(200)),
  ...digestCases('emoji and RTL names', AWKWARD_TEAMS),
  { kind: 'unlocked', name: 'no progress', input: { rows: noProgress.map((team) => ({ team, newlyUnlocked: 0, newlyDone: 0 })), period: PERIOD } },
  { kind: 'stalled', name: 'no progress', input: { thresholdDays: 21, rows: noProgress.map((team) => ({ team, daysSinceProgress: 90, stuckOn: '' })) } },
  { kind: 'heatmap', name: 'no progress', input: { ...heatmapInput(noProgress), rows: heatmapInput(noProgress).rows.map((r) => ({ ...r, done: 0 })) } },
  { kind: 'trend', name: 'no progress', input: { rows: trendInput(noProgress).rows.map((r) => ({ ...r, done: 0 })) } },
  { kind: 'trend', name: 'bad dates and negative counts', input: { rows: [{ week: 'soon', team: 'A', done: 3 }, { week: '2025-06-04', team: 'B', done: -2 }, { week: '2025-06-02', team: 'B', done: 2 }] } },
];

