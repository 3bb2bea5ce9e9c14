/**
 * ISO 3166-1 alpha-2 country → continent, for the `region` label lablabs/cloudflare-exporter puts on its
 * country metrics (it derives the same continent names). Cloudflare reports countries as alpha-2 codes;
 * `XX` / `T1` (unknown, Tor) and anything not listed map to "Unknown".
 */
const CONTINENTS: Readonly<Record<string, string>> = {
  Africa:
    'DZ AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ EG GQ ER SZ ET GA GM GH GN GW KE LS LR LY MG MW ML MR MU YT MA ' +
    'MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS SD TZ TG TN UG EH ZM ZW',
  'North America':
    'AI AG AW BS BB BZ BM BQ VG CA KY CR CU CW DM DO SV GL GD GP GT HT HN JM MQ MX MS NI PA PR BL KN LC MF PM VC ' +
    'SX TT TC US VI UM',
  'South America': 'AR BO BR CL CO EC FK GF GY PY PE SR UY VE',
  Oceania: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF',
  Antarctica: 'AQ BV TF HM GS',
  Asia:
    'AF AM AZ BH BD BT BN KH CN CY GE HK IN ID IR IQ IL JP JO KZ KW KG LA LB MO MY MV MN MM NP KP OM PK PS PH QA ' +
    'SA SG KR LK SY TW TJ TH TL TR TM AE UZ VN YE IO CX CC',
  Europe:
    'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK ' +
    'NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB VA',
};

const BY_CODE = new Map<string, string>();
for (const [continent, codes] of Object.entries(CONTINENTS)) {
  for (const code of codes.split(' ')) BY_CODE.set(code, continent);
}

export function regionOf(countryCode: string): string {
  return BY_CODE.get(countryCode.toUpperCase()) ?? 'Unknown';
}
