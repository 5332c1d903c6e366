// Failures caused by what a user typed are values; `describeError` turns each into words.

export interface NodeRef {
  readonly id: string;
  readonly title: string;
}

export type UserError =
  | { readonly kind: 'EmptyCommand' }
  | { readonly kind: 'BadCommand'; readonly input: string; readonly suggestion?: string }
  | { readonly kind: 'MissingArgument'; readonly command: string; readonly usage: string }
  | { readonly kind: 'TooLong'; readonly length: number; readonly max: number }
  | { readonly kind: 'UnknownNode'; readonly input: string; readonly suggestions: readonly NodeRef[] }
  | { readonly kind: 'AmbiguousNode'; readonly input: string; readonly candidates: readonly NodeRef[]; readonly verb: string; readonly tail?: string }
  | { readonly kind: 'DidYouMean'; readonly input: string; readonly node: NodeRef; readonly verb: string; readonly tail?: string }
  | { readonly kind: 'Locked'; readonly node: NodeRef; readonly missing: readonly NodeRef[]; readonly verb: 'done' | 'start' }
  | { readonly kind: 'AlreadyDone'; readonly node: NodeRef; readonly since?: Date }
  | { readonly kind: 'NotDone'; readonly node: NodeRef; readonly skipped?: boolean }
  | { readonly kind: 'AlreadySkipped'; readonly node: NodeRef }
  | { readonly kind: 'NotSkipped'; readonly node: NodeRef }
  | { readonly kind: 'AlreadyStarted'; readonly node: NodeRef }
  | { readonly kind: 'MissingReason'; readonly node: NodeRef }
  | { readonly kind: 'NotAllowed'; readonly action: string }
  | { readonly kind: 'NoTeam'; readonly where: 'channel' | 'dm' }
  | { readonly kind: 'UnknownTeam'; readonly input: string; readonly known: readonly string[] }
  | { readonly kind: 'TeamExists'; readonly name: string }
  | { readonly kind: 'BadTeamName'; readonly input: string }
  | { readonly kind: 'UnknownTree'; readonly input: string; readonly known: readonly string[] }
  | { readonly kind: 'NoCouncil' }
  | { readonly kind: 'BadCron'; readonly input: string; readonly reason?: string }
  | { readonly kind: 'BadTimeZone'; readonly input: string }
  | { readonly kind: 'BadNumber'; readonly input: string; readonly min: number; readonly max: number };

export type UserErrorKind = UserError['kind'];
