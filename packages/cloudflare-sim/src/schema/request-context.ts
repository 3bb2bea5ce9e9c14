import type { SimulatorCore } from '../simulator.js';

/** Everything a resolver needs about the request being answered. */
export interface RequestContext {
  readonly sim: SimulatorCore;
  /** One clock reading for the whole request, so every zone and dataset sees the same instant. */
  readonly now: number;
  /** Numbers the request; seeds the sampling noise. */
  readonly nonce: number;
  readonly token: string;
}
