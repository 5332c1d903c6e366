import { test } from 'vitest';
import { startSlackHarness } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

test('scratch', async () => {
  const h = await startSlackHarness();
  try {
    for (const text of ['team create Payments', 'done falco', 'next', 'done runtime-security', 'tree']) {
      const url = h.standIn.responseUrl();
      const r = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl: url }));
      console.log(text, r.status, JSON.stringify(r.text), Math.round(r.ms));
      const resp = await h.standIn.waitFor((x) => x.path === new URL(url).pathname, 8000);
      console.log(JSON.stringify(resp.body, null, 1).slice(0, 3000));
    }
    await new Promise((r) => setTimeout(r, 1500));
    console.log(h.standIn.requests.map((r) => `${r.path} ${r.status}`).join('\n'));
    console.log(h.logs.filter((l) => l.level !== 'debug').map((l) => JSON.stringify(l)).join('\n').slice(0, 4000));
  } finally {
    await h.close();
  }
});
