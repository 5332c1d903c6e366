// Slack's request signing (v0): HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing
// secret. Checked here, before Bolt, because Bolt only rejects *old* timestamps: a request
// signed "in the future" would stay replayable for as long as its clock skew.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's own window, applied in both directions. */
export const MAX_SKEW_SECONDS = 5 * 60;

export type SignatureProblem = 'missing-headers' | 'bad-timestamp' | 'stale' | 'future' | 'bad-version' | 'mismatch';

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly problem: SignatureProblem };

export interface SignedRequest {
  readonly signingSecret: string;
  readonly rawBody: Buffer;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly nowMs: number;
}

export function computeSignature(signingSecret: string, timestamp: string, rawBody: Buffer | string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

export function checkSignature(req: SignedRequest): SignatureCheck {
  const { timestamp, signature } = req;
  if (!timestamp || !signature) return { ok: false, problem: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, problem: 'bad-timestamp' };
  const skew = Math.floor(req.nowMs / 1000) - Number(timestamp);
  if (skew > MAX_SKEW_SECONDS) return { ok: false, problem: 'stale' };
  if (-skew > MAX_SKEW_SECONDS) return { ok: false, problem: 'future' };
  if (!signature.startsWith('v0=')) return { ok: false, problem: 'bad-version' };
  const expected = Buffer.from(computeSignature(req.signingSecret, timestamp, req.rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // The length of a v0 signature is public (67 bytes), so checking it first leaks nothing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, problem: 'mismatch' };
  return { ok: true };
}
