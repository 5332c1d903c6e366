// The console fence around botbuilder's token checks (botbuilder-console.ts) drops only what the
// fenced call writes, also after an await, and never what other work writes at the same time.
import { expect, test } from 'vitest';
import { withoutConsole } from '../../src/bot/teams/botbuilder-console.ts';

test('drops the console output of the fenced call only, not of work running beside it', async () => {
  const seen: string[] = [];
  const before = console.error;
  // Installed by the first withoutConsole call: it then wraps this recorder.
  console.error = (...args: unknown[]) => void seen.push(args.map(String).join(' '));
  try {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
    const fenced = withoutConsole(async () => {
      console.error('fenced before an await');
      await pause();
      console.error('fenced after an await');
      setTimeout(() => console.error('fenced in a timer'), 1);
      await pause();
      throw new Error('refused');
    });
    const beside = (async () => {
      await pause();
      console.error('beside');
    })();
    await expect(fenced).rejects.toThrow('refused');
    await beside;
    console.error('after');
    expect(seen).toEqual(['beside', 'after']);
  } finally {
    console.error = before;
  }
});
