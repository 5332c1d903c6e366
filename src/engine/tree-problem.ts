// A tree file as read, a problem found in it, and where in the file each part came from: shared
// by the parser (tree-loader.ts), its limits (tree-limits.ts) and the checks that run on parsed
// trees (tree-validate.ts).

export interface TreeSource {
  readonly file: string;
  readonly text: string;
  /** The file's size in bytes, when known: a file over the size limit is refused unread (`text` may be empty then). */
  readonly size?: number;
}

export interface TreeProblem {
  readonly file: string;
  readonly line?: number;
  readonly nodeId?: string;
  readonly message: string;
}

/** Where each part of a parsed file came from, so later checks can name a line. */
export interface TreeLocator {
  readonly file: string;
  lineOf(path: readonly (string | number)[]): number | undefined;
}

/** `trees/a.yaml:12: node "keda": …` */
export function formatProblem(p: TreeProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  const node = p.nodeId ? ` node "${p.nodeId}":` : '';
  return `${where}:${node} ${p.message}`;
}
