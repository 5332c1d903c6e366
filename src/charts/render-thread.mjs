// Entry of a render pool thread. The thread runs the TypeScript sources too, so it registers
// tsx before loading them (worker threads do not inherit the main thread's loader hooks).
import { register } from 'tsx/esm/api';

register();
const { renderInThread } = await import('./render-thread.ts');

export default renderInThread;
