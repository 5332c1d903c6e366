// The shape of a tree file. Strict objects: an unknown key is a typo until proven otherwise.
import { z } from 'zod';

const kebab = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9 and single dashes)');
const text = z.string().trim().min(1, 'must not be empty');

/** Longest `short:` label a node may carry. */
export const SHORT_MAX = 40;

const effortSchema = z.strictObject({
  size: z.enum(['S', 'M', 'L', 'XL']),
  weeks: z
    .tuple([z.number().positive(), z.number().positive()])
    .refine(([low, high]) => low <= high, 'weeks must be [low, high] with low <= high'),
});

const linkSchema = z.strictObject({ title: text, url: z.url({ protocol: /^https?$/ }) });

export const nodeSchema = z.strictObject({
  id: kebab,
  title: text,
  // Pictures give a label three lines of ~18 characters; a longer short label is no shorter.
  short: text.max(SHORT_MAX, `must be at most ${SHORT_MAX} characters, so it fits a box in the tree picture; leave it out to use the title`).optional(),
  tier: kebab,
  track: kebab,
  summary: text,
  tags: z.array(text).default([]),
  aliases: z.array(text.transform((a) => a.toLowerCase())).default([]),
  effort: effortSchema,
  steps: z.array(text).min(1, 'needs at least one step'),
  requires: z.array(kebab).default([]),
  links: z.array(linkSchema).default([]),
});

export const sectionSchema = z.strictObject({ id: kebab, title: text, summary: text });

/**
 * Just what the graph checks need. A node that fails its full check but has this much still
 * takes part in the reference, tier and cycle checks, so every problem is reported at once.
 */
export const nodeShapeSchema = z.looseObject({
  id: kebab,
  title: z.string().default(''),
  tier: z.string(),
  track: z.string(),
  requires: z.array(z.string()).default([]),
  aliases: z.array(z.string().transform((a) => a.toLowerCase())).default([]),
});

export const treeFileSchema = z.strictObject({
  id: kebab,
  title: text,
  summary: text,
  tiers: z.array(sectionSchema).min(1, 'needs at least one tier'),
  tracks: z.array(sectionSchema).min(1, 'needs at least one track'),
  nodes: z.array(nodeSchema).min(1, 'needs at least one node'),
});

/** The file without its nodes checked, so that each node can be checked (and reported) on its own. */
export const treeHeadSchema = treeFileSchema.extend({
  tiers: z.array(z.unknown()).min(1, 'needs at least one tier'),
  tracks: z.array(z.unknown()).min(1, 'needs at least one track'),
  nodes: z.array(z.unknown()).min(1, 'needs at least one node'),
});

export type TreeFile = z.infer<typeof treeFileSchema>;
