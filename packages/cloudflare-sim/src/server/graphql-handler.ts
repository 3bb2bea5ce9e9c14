import type { IncomingHttpHeaders } from 'node:http';
import { execute, GraphQLError, parse, validate, type DocumentNode, type ExecutionResult } from 'graphql';
import { messages, QueryError } from '../query/query-error.js';
import { simulatorSchema } from '../schema/build-schema.js';
import { cloudflareValidationRules } from '../schema/loose-variables-rule.js';
import type { RequestContext } from '../schema/request-context.js';
import { rootValue } from '../schema/resolvers.js';
import type { SimulatorCore } from '../simulator.js';
import type { FaultKind } from '../types.js';
import { credentialOf } from './auth.js';
import { fastExecute } from './fast-execute.js';
import { gqlError, gqlErrors, json, type GqlError, type Reply } from './reply.js';

const INTROSPECTION = /\b__(schema|type)\b/;

const BAD_GATEWAY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

/** Parsed and validated documents by query text: clients send the same few queries over and over. */
const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
  let doc = documents.get(query);
  if (doc === undefined) {
    try {
      const parsed = parse(query);
      const errors = validate(simulatorSchema(), parsed, cloudflareValidationRules);
      doc = errors.length > 0 ? errors : parsed;
    } catch (err) {
      doc = [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
    }
    if (documents.size >= 500) documents.clear();
    documents.set(query, doc);
  }
  return doc;
}

/**
 * POST /client/v4/graphql. Order of checks: token (HTTP 403), quota per token (HTTP 429 + Retry-After), injected
 * or random transient failure, request parsing and validation (HTTP 400), then execution. Query-level limit
 * errors answer `data: null` with Cloudflare's HTTP status for them.
 */
export function handleGraphql(sim: SimulatorCore, headers: IncomingHttpHeaders, body: string): Reply {
  const now = sim.clock.now();
  const token = credentialOf(headers);
  if (token === undefined || !sim.tokens.has(token)) {
    sim.counters.authFailures++;
    return gqlErrors(403, [gqlError(messages.authentication, now, null, 'authn')]);
  }
  const admission = sim.graphqlQuota.tryAcquire(token, now);
  if (!admission.ok) {
    sim.counters.rateLimited++;
    return quotaReply(now, admission.retryAfterMs);
  }
  const nonce = ++sim.counters.queries;
  sim.counters.byToken[token] = (sim.counters.byToken[token] ?? 0) + 1;
  const fault = sim.faults.next(nonce);
  if (fault !== undefined) {
    sim.counters.injectedErrors++;
    return faultReply(fault, now);
  }
  let request: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    request = JSON.parse(body) as typeof request;
  } catch {
    return gqlErrors(400, [gqlError('failed to parse request body: invalid JSON', now)]);
  }
  if (typeof request.query !== 'string' || request.query.trim() === '') {
    return gqlErrors(400, [gqlError('failed to parse request body: no query', now)]);
  }
  const doc = documentFor(request.query);
  if (!isDocument(doc))
    return gqlErrors(
      400,
      doc.map((e) => gqlError(e.message, now)),
    );
  const ctx: RequestContext = { sim, now, nonce, token };
  // Introspection goes through graphql-js; everything else through the fast executor.
  const run = INTROSPECTION.test(request.query) ? execute : fastExecute;
  const result = run({
    schema: simulatorSchema(),
    document: doc,
    rootValue: rootValue(ctx),
    contextValue: ctx,
    variableValues: (request.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof request.operationName === 'string' ? request.operationName : undefined,
  }) as ExecutionResult;
  return resultReply(result, now);
}

function isDocument(doc: DocumentNode | readonly GraphQLError[]): doc is DocumentNode {
  return !Array.isArray(doc);
}

function resultReply(result: ExecutionResult, now: number): Reply {
  const errors = result.errors ?? [];
  if (errors.length === 0) return json(200, { data: result.data ?? null, errors: null });
  const queryErrors = errors.filter((e) => e.originalError instanceof QueryError);
  if (queryErrors.length > 0) {
    // Cloudflare fails the whole query on a limit or permission error: data is null.
    const status = Math.max(...queryErrors.map((e) => (e.originalError as QueryError).status));
    return gqlErrors(
      status,
      queryErrors.map((e) => gqlError(e.message, now, e.path ?? null, (e.originalError as QueryError).code)),
    );
  }
  const formatted: GqlError[] = errors.map((e) => gqlError(e.message, now, e.path ?? null));
  // No data at all means the request itself was bad (e.g. a variable of the wrong shape).
  if (result.data === undefined || result.data === null) return gqlErrors(400, formatted);
  return json(200, { data: result.data, errors: formatted });
}

function quotaReply(now: number, retryAfterMs: number): Reply {
  return gqlErrors(429, [gqlError(messages.quota, now, null, 'quota')], {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });
}

function faultReply(kind: FaultKind, now: number): Reply {
  switch (kind) {
    case 'unavailable':
      return gqlErrors(503, [gqlError(messages.unavailable, now)]);
    case 'unavailable200':
      return gqlErrors(200, [gqlError(messages.unavailable, now)]);
    case 'tooManyInProgress':
      return gqlErrors(503, [gqlError(messages.tooManyInProgress, now)]);
    case 'badGateway':
      return { status: 502, headers: { 'content-type': 'text/html' }, body: BAD_GATEWAY };
    case 'malformed':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"data":{"viewer":{"zones":[{"zoneTag":',
      };
    case 'quota':
      return quotaReply(now, 60_000);
    case 'budget':
      return gqlErrors(429, [gqlError(messages.budget, now, null, 'budget')], { 'retry-after': '300' });
  }
}
