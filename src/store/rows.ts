// Conversions between portable column values and domain values, shared by the repositories.
import { randomUUID } from 'node:crypto';

/** ISO-8601 UTC with milliseconds: fixed width, so text order is time order on both databases. */
export function toIso(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot store an invalid Date');
  return date.toISOString();
}

export function fromIso(text: string): Date {
  return new Date(text);
}

export function toFlag(value: boolean | undefined): number {
  return value ? 1 : 0;
}

export function fromFlag(value: number | string | boolean): boolean {
  return Number(value) !== 0;
}

/** `undefined` becomes JSON null so that a stored value always parses back. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}

/** Postgres returns bigint columns and counts as strings. */
export function toNumber(value: number | string | bigint): number {
  return Number(value);
}

export function newId(): string {
  return randomUUID();
}

/** Kebab-case of a team name: "Platform Team" -> "platform-team"; accents dropped, letters of any script kept. */
export function teamSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
