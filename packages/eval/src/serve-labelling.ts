import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ExperimentRecord } from './experiment-record.js';
import { LABEL_PAGE_HTML } from './label-page-html.js';
import type { LabelVotes, PairCriterion } from './label-votes.js';
import { readExperimentRecords } from './read-experiment-records.js';
import { readLabelVotes } from './read-label-votes.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Options of {@link serveLabelling}. */
export interface ServeLabellingOptions {
  /** The experiment output folder; votes go to `<outDir>/labels.json`. */
  readonly outDir: string;
  /** Port on 127.0.0.1; default 0 (a free one). */
  readonly port?: number;
}

/** A running labelling server. */
export interface LabellingServer {
  /** The page's address, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  /** Stops the server (votes are already on disk). */
  close(): Promise<void>;
}

/** Largest vote body accepted, bytes. */
const MAX_BODY = 4096;
const CRITERIA: readonly PairCriterion[] = ['condition-consistency', 'general-fidelity'];

/** The request body as text, refusing bodies over {@link MAX_BODY}. */
async function readBody(request: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Pairs of images of the same condition, prompt and seed from different methods. */
function pairsOf(records: readonly ExperimentRecord[]) {
  const groups = new Map<string, ExperimentRecord[]>();
  for (const r of records) {
    const key = `${r.conditionId}|${r.promptIndex}|${r.seed}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].flatMap((group) =>
    group.flatMap((a, i) => group.slice(i + 1).map((b) => ({ a: a.id, b: b.id, prompt: a.prompt }))),
  );
}

/** Validates a vote body against the known ids; the vote to store, or an error text. */
function parseVote(
  body: unknown,
  ids: ReadonlyMap<string, unknown>,
): { kind: 'truncation' | 'pair'; vote: object } | string {
  const v = body as Record<string, unknown> | null;
  const at = new Date().toISOString();
  if (
    v?.kind === 'truncation' &&
    typeof v.id === 'string' &&
    ids.has(v.id) &&
    typeof v.truncated === 'boolean'
  ) {
    return { kind: 'truncation', vote: { id: v.id, truncated: v.truncated, at } };
  }
  if (
    v?.kind === 'pair' &&
    CRITERIA.includes(v.criterion as PairCriterion) &&
    typeof v.a === 'string' &&
    typeof v.b === 'string' &&
    ids.has(v.a) &&
    ids.has(v.b) &&
    v.a !== v.b &&
    (v.winner === v.a || v.winner === v.b)
  ) {
    return { kind: 'pair', vote: { criterion: v.criterion, a: v.a, b: v.b, winner: v.winner, at } };
  }
  return 'a vote must be { kind: "truncation", id, truncated } or { kind: "pair", criterion, a, b, winner } with known ids';
}

/**
 * Serves the human labelling page for an experiment output folder on 127.0.0.1: truncated-outline
 * judgements one image at a time and two-alternative choices between random pairs on the paper's two
 * criteria. Every vote is appended to `<outDir>/labels.json` (written atomically) as it arrives.
 * @example
 * const server = await serveLabelling({ outDir: 'runs/faces' });
 * console.log(`Open ${server.url}`);
 */
export async function serveLabelling(options: ServeLabellingOptions): Promise<LabellingServer> {
  const { outDir } = options;
  const records = await readExperimentRecords(outDir);
  const byId = new Map(records.map((r) => [r.id, r]));
  const votes = await readLabelVotes(outDir);
  const truncation = [...votes.truncation];
  const pairs = [...votes.pairs];
  let saving = Promise.resolve();
  const items = JSON.stringify({ truncation: records.map((r) => ({ id: r.id })), pairs: pairsOf(records) });
  const sendFile = async (response: ServerResponse, path: string) => {
    const bytes = await readFile(path);
    const type = path.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg';
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    response.end(bytes);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const [, route, id] = path.split('/');
    const record = id === undefined ? undefined : byId.get(decodeURIComponent(id));
    if (request.method === 'GET' && path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(LABEL_PAGE_HTML);
    } else if (request.method === 'GET' && path === '/api/items') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(items);
    } else if (request.method === 'GET' && route === 'image' && record !== undefined) {
      await sendFile(response, join(outDir, record.image));
    } else if (request.method === 'GET' && route === 'condition' && record !== undefined) {
      await sendFile(response, join(outDir, record.conditionImage));
    } else if (request.method === 'POST' && path === '/api/vote') {
      const text = await readBody(request);
      let parsed: ReturnType<typeof parseVote>;
      try {
        parsed =
          text === undefined ? `a body of at most ${MAX_BODY} bytes` : parseVote(JSON.parse(text), byId);
      } catch {
        parsed = 'a JSON body';
      }
      if (typeof parsed === 'string') {
        response.writeHead(400, { 'content-type': 'text/plain' });
        response.end(`Expected ${parsed}.`);
        return;
      }
      if (parsed.kind === 'truncation') truncation.push(parsed.vote as LabelVotes['truncation'][number]);
      else pairs.push(parsed.vote as LabelVotes['pairs'][number]);
      const snapshot: LabelVotes = { truncation: [...truncation], pairs: [...pairs] };
      saving = saving
        .catch(() => undefined)
        .then(() => writeFileAtomic(join(outDir, 'labels.json'), `${JSON.stringify(snapshot, null, 2)}\n`));
      await saving;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ truncation: truncation.length, pairs: pairs.length }));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found.');
    }
  };
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
