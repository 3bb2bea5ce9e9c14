import { Categorical } from './random.js';

/** Where requests come from: ISO country codes and the IATA codes of the Cloudflare colos that serve them. */
export const countries = new Categorical<string>([
  ['US', 30],
  ['DE', 8],
  ['GB', 7],
  ['IN', 6],
  ['FR', 5],
  ['BR', 5],
  ['JP', 5],
  ['CN', 3],
  ['CA', 4],
  ['NL', 3],
  ['AU', 3],
  ['SG', 2],
  ['PL', 2],
  ['ES', 2],
  ['IT', 2],
  ['SE', 1],
  ['ZA', 1],
  ['MX', 2],
  ['KR', 2],
  ['T1', 1],
]);

const coloByCountry: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  US: [
    ['IAD', 4],
    ['ORD', 3],
    ['DFW', 3],
    ['LAX', 3],
    ['SJC', 2],
    ['EWR', 2],
    ['ATL', 2],
    ['SEA', 1],
  ],
  DE: [
    ['FRA', 5],
    ['DUS', 2],
    ['HAM', 1],
    ['MUC', 1],
  ],
  GB: [
    ['LHR', 5],
    ['MAN', 2],
    ['EDI', 1],
  ],
  IN: [
    ['BOM', 3],
    ['DEL', 3],
    ['MAA', 2],
    ['BLR', 1],
  ],
  FR: [
    ['CDG', 5],
    ['MRS', 1],
  ],
  BR: [
    ['GRU', 4],
    ['GIG', 2],
  ],
  JP: [
    ['NRT', 4],
    ['KIX', 2],
  ],
  CN: [
    ['HKG', 3],
    ['SIN', 1],
  ],
  CA: [
    ['YYZ', 3],
    ['YVR', 2],
    ['YUL', 1],
  ],
  NL: [['AMS', 1]],
  AU: [
    ['SYD', 3],
    ['MEL', 2],
  ],
  SG: [['SIN', 1]],
  PL: [['WAW', 1]],
  ES: [
    ['MAD', 2],
    ['BCN', 1],
  ],
  IT: [
    ['MXP', 2],
    ['FCO', 1],
  ],
  SE: [['ARN', 1]],
  ZA: [
    ['JNB', 2],
    ['CPT', 1],
  ],
  MX: [['QRO', 1]],
  KR: [['ICN', 1]],
  T1: [
    ['FRA', 1],
    ['AMS', 1],
  ],
};

const coloCache = new Map<string, Categorical<string>>();
export function colosFor(country: string): Categorical<string> {
  let dist = coloCache.get(country);
  if (dist === undefined) {
    dist = new Categorical(coloByCountry[country] ?? [['IAD', 1]]);
    coloCache.set(country, dist);
  }
  return dist;
}
