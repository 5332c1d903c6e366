// What the bot says outside of answering a command: the welcome when it is added to a team or a
// chat, and the short answers to a button click whose full answer is not in hand yet.

/** Said once when the bot is installed: what it is and the first thing to type. */
export function welcomeText(where: { readonly inChannel: boolean }): string {
  const ask = where.inChannel ? '@mention me, e.g. `@TechTree team create Payments`' : 'type a command, e.g. `team create Payments`';
  return [
    "Hi, I'm TechTree: I track which cloud-native capabilities your team has, and what to take on next.",
    `To start, ${ask}, then \`done <capability>\` as you go and \`next\` for what to do next. \`help\` lists everything.`,
  ].join(' ');
}

/** A button whose command is taking longer than the click may wait: the answer follows as a message. */
export function buttonStillWorkingText(): string {
  return "Got it. That is taking me a moment; I'll post the answer here shortly.";
}

/** A click that arrived twice (Teams sent it again): it is recorded once. */
export function buttonAlreadyTakenText(): string {
  return 'I already have that click; it is recorded once, and its answer is on its way.';
}

/** A card button that carries no TechTree command (another app's card, or an old one). */
export function unknownButtonText(): string {
  return 'That button is not one of mine, so nothing happened. Type `help` to see what I can do.';
}
