/**
 * A flow: what the assistant does for one intent that is more than a look-up,
 * in one file. A flow may recognise its intent by the message's own words
 * before the classifier runs (a complaint is not a dispute), and may ask a
 * question of its own kind, whose answer it reads (`answers`).
 */
import type { AnyAwaitedAnswer } from '../awaited/types.ts';
import type { AnyIntent } from '../intents.ts';
import type { Specialist } from '../specialists/types.ts';

export interface Flow {
  intent: AnyIntent;
  /** True when the message itself says this is the flow's matter, whatever the classifier thinks. */
  recognise?(text: string, language: string): boolean;
  run: Specialist;
  /** The handler of the question this flow asks, if it asks one of its own kind. */
  answers?: AnyAwaitedAnswer;
}
