import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Layering of `@sow/core`: the relative import graph of its library sources (static, dynamic, type-only
 * and re-exports, as TypeScript's own pre-processor reads them) has no cycle, and the COW executor's
 * folder never imports SOW's attention folder (SOW plugs in through the executor's UNet hook).
 */
const coreSrc = fileURLToPath(new URL('../packages/core/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Module id (path relative to `src`, `.ts`) → the relative modules it imports. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => relative(coreSrc, resolve(dirname(file), spec)).replace(/\.js$/, '.ts'));
    graph.set(relative(coreSrc, file), targets);
  }
  return graph;
}

/** The cycles closed by the back edges of a depth-first search (none exactly when the graph is acyclic), each as its modules (first repeated last). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('@sow/core layering', () => {
  const graph = importGraph(sourceFiles(coreSrc));

  it('resolves every relative import to a core source file', () => {
    const missing = [...graph].flatMap(([from, to]) =>
      to.filter((t) => !graph.has(t)).map((t) => `${from} -> ${t}`),
    );
    expect(graph.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('finds a cycle when there is one (the detector itself)', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no circular imports', () => {
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('keeps the COW executor independent of SOW: nothing in cow/ imports attention/', () => {
    const offenders = [...graph]
      .filter(([from]) => from.startsWith('cow/'))
      .flatMap(([from, to]) => to.filter((t) => t.startsWith('attention/')).map((t) => `${from} -> ${t}`));
    expect(offenders).toEqual([]);
  });
});
