// Failures caused by what a user typed are values; `describeError` turns each into words.

export interface NodeRef {
  readonly id: string;
  readonly title: string;
  /** The title of the node's tree, when the team does not track that tree. */
  readonly tree?: string;
}

export type UserError =
  | { readonly kind: 'EmptyCommand' }
  | { readonly kind: 'BadCommand'; readonly input: string; readonly suggestion?: string }
  | { readonly kind: 'MissingArgument'; readonly command: string; readonly usage: string }
  | { readonly kind: 'TooLong'; readonly length: number; readonly max: number }
  | { readonly kind: 'UnknownNode'; readonly input: string; readonly suggestions: readonly NodeRef[] }
  /** `addsTree`: recording a candidate outside the team's trees makes the team track that tree. */
  | { readonly kind: 'AmbiguousNode'; readonly input: string; readonly candidates: readonly NodeRef[]; readonly verb: string; readonly tail?: string; readonly addsTree?: boolean }
  /** `exact`: the text names the node exactly, but the node is in a tree the team does not track (`addsTree`). */
  | { readonly kind: 'DidYouMean'; readonly input: string; readonly node: NodeRef; readonly verb: string; readonly tail?: string; readonly exact?: boolean; readonly addsTree?: boolean }
  | { readonly kind: 'Locked'; readonly node: NodeRef; readonly missing: readonly NodeRef[]; readonly verb: 'done' | 'start' }
  | { readonly kind: 'AlreadyDone'; readonly node: NodeRef; readonly since?: Date }
  | { readonly kind: 'NotDone'; readonly node: NodeRef; readonly skipped?: boolean }
  | { readonly kind: 'AlreadySkipped'; readonly node: NodeRef }
  | { readonly kind: 'NotSkipped'; readonly node: NodeRef }
  | { readonly kind: 'AlreadyStarted'; readonly node: NodeRef }
  | { readonly kind: 'MissingReason'; readonly node: NodeRef }
  | { readonly kind: 'NotAllowed'; readonly action: string }
  | { readonly kind: 'NoTeam'; readonly where: 'channel' | 'dm' }
  /** A command that acts on the channel it is typed in, typed outside one. */
  | { readonly kind: 'NeedsChannel'; readonly command: string; readonly platform: 'slack' | 'teams' | 'cli' }
  | { readonly kind: 'UnknownTeam'; readonly input: string; readonly known: readonly string[] }
  | { readonly kind: 'TeamExists'; readonly name: string; readonly slug: string }
  | { readonly kind: 'BadTeamName'; readonly input: string }
  | { readonly kind: 'UnknownTree'; readonly input: string; readonly known: readonly string[] }
  | { readonly kind: 'NoCouncil' }
  | { readonly kind: 'BadCron'; readonly input: string; readonly reason?: string }
  | { readonly kind: 'BadTimeZone'; readonly input: string }
  | { readonly kind: 'BadNumber'; readonly input: string; readonly min: number; readonly max: number };

export type UserErrorKind = UserError['kind'];

/** A step that either produced a value or stopped on the user's mistake (never thrown). */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: UserError };

export const accepted = <T>(value: T): Checked<T> => ({ ok: true, value });
export const rejected = (error: UserError): { readonly ok: false; readonly error: UserError } => ({ ok: false, error });
