import { settleSchedule, type SettleSchedule } from './settling.js';
import { fastSettleSchedule } from './settling-fast.js';
import { heavyTailSettleSchedule } from './settling-heavy-tail.js';

/** How a zone-minute's schedule is drawn: a pure function of (seed, zone index, minute start). */
export type ScheduleFn = (seed: number, zoneIndex: number, minuteMs: number) => SettleSchedule;

/** The named settling models (`settling` option, `--settling` flag). All are guesses, not measurements. */
export const SETTLING_MODEL_NAMES = ['default', 'fast', 'heavy-tail'] as const;
export type SettlingModelName = (typeof SETTLING_MODEL_NAMES)[number];

const MODELS: Readonly<Record<SettlingModelName, ScheduleFn>> = {
  default: settleSchedule,
  fast: fastSettleSchedule,
  'heavy-tail': heavyTailSettleSchedule,
};

export function isSettlingModelName(name: string): name is SettlingModelName {
  return (SETTLING_MODEL_NAMES as readonly string[]).includes(name);
}

/** The schedule function of a model; a RangeError naming the choices for an unknown name. */
export function settlingModel(name: string = 'default'): ScheduleFn {
  if (!isSettlingModelName(name))
    throw new RangeError(`settling must be one of ${SETTLING_MODEL_NAMES.join(', ')}, got ${JSON.stringify(name)}`);
  return MODELS[name];
}
