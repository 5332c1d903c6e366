// What a listener hands over after its ack: the few payload fields the work needs, as plain
// data, so that it can cross to the app's worker thread as one small message.

export interface SlashJob {
  readonly kind: 'slash';
  readonly key: string | undefined;
  readonly teamId: string;
  readonly userId: string;
  readonly userName: string;
  readonly channelId: string;
  readonly channelName: string | undefined;
  readonly text: string;
  readonly responseUrl: string;
}

/** A mention in a channel, or a direct message: answered in the message's thread. */
export interface ThreadJob {
  readonly kind: 'mention' | 'dm';
  readonly key: string | undefined;
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string;
  readonly text: string;
  readonly threadTs: string;
}

export interface ButtonJob {
  readonly kind: 'button';
  readonly key: string | undefined;
  /** The command text the button carries. */
  readonly command: string;
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string | undefined;
  readonly responseUrl: string | undefined;
  readonly inHome: boolean;
  readonly ephemeral: boolean;
}

export interface HomeJob {
  readonly kind: 'home';
  readonly teamId: string;
  readonly userId: string;
}

export type SlackJob = SlashJob | ThreadJob | ButtonJob | HomeJob;
