/**
 * Queries shaped like real clients'. LABLABS_* declare their variables the way lablabs/cloudflare-exporter does
 * (`$zoneIDs: [String!]`, `$limit: Int!`, where the schema says [string!] and uint64!) and use the same datasets,
 * fields, filters (`datetime: $maxtime`, `cacheStatus_notin`, `requestSource_in`) and alias as its
 * fetchZoneTotals / fetchColoTotals. CFPE_* follow cloudflare/cloudflare-prometheus-exporter's style:
 * accounts → zones, `$accountID: string!`, `$limit: uint64!`. Written here, not copied.
 */
export const LABLABS_ZONE_TOTALS = `
query ($zoneIDs: [String!], $mintime: Time!, $maxtime: Time!, $limit: Int!) {
  viewer {
    zones(filter: { zoneTag_in: $zoneIDs }) {
      zoneTag
      httpRequests1mGroups(limit: $limit filter: { datetime: $maxtime }) {
        dimensions { datetime }
        uniq { uniques }
        sum {
          requests bytes cachedRequests cachedBytes encryptedRequests encryptedBytes pageViews threats
          browserMap { uaBrowserFamily pageViews }
          clientHTTPVersionMap { requests clientHTTPProtocol }
          clientSSLMap { requests clientSSLProtocol }
          contentTypeMap { edgeResponseContentTypeName requests bytes }
          countryMap { clientCountryName requests bytes threats }
          ipClassMap { requests ipType }
          responseStatusMap { requests edgeResponseStatus }
          threatPathingMap { threatPathingName requests }
        }
      }
      firewallEventsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }) {
        count
        dimensions { clientCountryName clientRequestHTTPHost ruleId source action }
      }
      httpRequestsAdaptiveGroups(
        limit: $limit
        filter: { datetime_geq: $mintime, datetime_lt: $maxtime, cacheStatus_notin: ["hit"] }
      ) {
        count
        dimensions { clientRequestHTTPHost clientCountryName originResponseStatus }
      }
      httpRequestsEdgeCountryHost: httpRequestsAdaptiveGroups(
        limit: $limit
        filter: { datetime_geq: $mintime, datetime_lt: $maxtime, requestSource_in: ["eyeball"] }
      ) {
        count
        dimensions { clientRequestHTTPHost clientCountryName edgeResponseStatus }
      }
      healthCheckEventsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }) {
        count
        dimensions { fqdn region originIP healthStatus }
      }
    }
  }
}`;

export const LABLABS_COLO = `
query ($zoneIDs: [String!], $mintime: Time!, $maxtime: Time!, $limit: Int!) {
  viewer {
    zones(filter: { zoneTag_in: $zoneIDs }) {
      zoneTag
      httpRequestsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }) {
        count
        avg { sampleInterval }
        sum { visits edgeResponseBytes }
        dimensions { datetime coloCode clientRequestHTTPHost }
      }
    }
  }
}`;

export const CFPE_COLO_ERRORS = `
query ColoErrors($accountID: string!, $zoneIDs: [string!], $mintime: Time!, $maxtime: Time!, $limit: uint64!) {
  viewer {
    accounts(filter: { accountTag: $accountID }) {
      zones(filter: { zoneTag_in: $zoneIDs }) {
        zoneTag
        httpRequestsAdaptiveGroups(
          limit: $limit
          filter: { datetime_geq: $mintime, datetime_lt: $maxtime, edgeResponseStatus_geq: 400 }
        ) {
          count
          sum { visits edgeResponseBytes }
          dimensions { edgeResponseStatus coloCode clientRequestHTTPHost }
        }
        firewallEventsAdaptiveGroups(limit: $limit, filter: { datetime_geq: $mintime, datetime_lt: $maxtime }) {
          count
          dimensions { action source ruleId clientCountryName clientRequestHTTPHost botScore botScoreSrcName }
        }
      }
    }
  }
}`;
