// resvg-js 2.6 keeps each rendered pixmap in native memory that V8 does not count, so V8 sees
// no pressure, never collects the small JS wrappers, and RSS climbs by ~4 MB per 1024 px
// render (thx/resvg-js#216; measured: 222 MB -> 4.7 GB over ~1,000 renders). We count the
// bytes ourselves and ask for a collection every so often; finalisers then free the pixmaps on
// the next turn of the event loop.
import v8 from 'node:v8';
import vm from 'node:vm';

const COLLECT_EVERY_BYTES = 256 * 1024 * 1024;

let pending = 0;
let collect: (() => void) | undefined;

function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  // Without --expose-gc, expose it for a fresh context only; the process flags stay as they were.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  return gc;
}

/** Records `bytes` of native memory just released to the GC; collects past the threshold. */
export function releasedNative(bytes: number): void {
  pending += bytes;
  if (pending < COLLECT_EVERY_BYTES) return;
  pending = 0;
  collect ??= collector();
  collect();
}
