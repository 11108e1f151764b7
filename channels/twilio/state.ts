/**
 * What the Twilio channels remember per number, on the gateway's durable
 * channel state (keys are per channel: an SMS opt-out leaves WhatsApp alone).
 */
import type { ChannelStateStore } from '../../src/gateway/channel.ts';
import type { KeywordKind } from './keywords.ts';
import { erasedOptOutKey } from '../../src/privacy/opt-out-key.ts';

/** Messages whose reply is a fixed text: keywords, and pictures without words. */
export type ControlKind = KeywordKind | 'media_only';
import type { TwilioChannel } from './parse.ts';

/** A keyword message waiting for its fixed reply (opt-out confirmation, help...). */
export interface ControlReply {
  kind: ControlKind;
  /** Twilio answers this keyword itself on SMS (Advanced Opt-Out). */
  twilioDefault: boolean;
}

export interface Choice {
  label: string;
  value: string;
}

export class TwilioChannelState {
  constructor(
    private readonly store: ChannelStateStore,
    readonly channel: TwilioChannel,
  ) {}

  /** Opted out by number, or (after the person's data was erased) by the keyed hash of the number. */
  async isOptedOut(number: string): Promise<boolean> {
    if ((await this.store.get<string>(this.channel, `opt-out:${number}`)) !== undefined) return true;
    const erased = await erasedOptOutKey(this.store, this.channel, number);
    return erased !== undefined && (await this.store.get<string>(this.channel, erased)) !== undefined;
  }

  async setOptedOut(number: string, optedOut: boolean, at = new Date()): Promise<void> {
    if (optedOut) {
      await this.store.set(this.channel, `opt-out:${number}`, at.toISOString());
      return;
    }
    await this.store.delete(this.channel, `opt-out:${number}`);
    const erased = await erasedOptOutKey(this.store, this.channel, number);
    if (erased) await this.store.delete(this.channel, erased);
  }

  /** Remembers that the reply to `messageSid` is a keyword's fixed reply. */
  async recordControl(messageSid: string, control: ControlReply): Promise<void> {
    await this.store.set(this.channel, `control:${messageSid}`, control);
  }

  async control(messageSid: string | undefined): Promise<ControlReply | undefined> {
    return messageSid ? this.store.get<ControlReply>(this.channel, `control:${messageSid}`) : undefined;
  }

  /** Forgets a control reply once it went out (kept until then, so a retry still finds it). */
  async clearControl(messageSid: string): Promise<void> {
    await this.store.delete(this.channel, `control:${messageSid}`);
  }

  /** When the customer last wrote (opens WhatsApp's 24-hour window). */
  async lastInboundAt(number: string): Promise<Date | undefined> {
    const stored = await this.store.get<string>(this.channel, `last-inbound:${number}`);
    return stored ? new Date(stored) : undefined;
  }

  async touchInbound(number: string, at: Date): Promise<void> {
    await this.store.set(this.channel, `last-inbound:${number}`, at.toISOString());
  }

  /** The numbered choices last sent to a number, so a reply "2" can be read as the second. */
  async choices(number: string): Promise<Choice[]> {
    return (await this.store.get<Choice[]>(this.channel, `choices:${number}`)) ?? [];
  }

  async setChoices(number: string, choices: Choice[] | undefined): Promise<void> {
    if (choices && choices.length > 0) await this.store.set(this.channel, `choices:${number}`, choices);
    else await this.store.delete(this.channel, `choices:${number}`);
  }
}
