import { createRequire } from 'node:module';

const { solveQP } = createRequire(import.meta.url)('quadprog') as {
  solveQP: (
    D: number[][],
    d: number[],
    A: number[][],
    b: number[],
    meq?: number,
  ) => { solution: number[]; value: number[]; message: string };
};

/** One linear constraint a·x ≥ b (or = b). */
export interface LinearConstraint {
  a: readonly number[];
  b: number;
  equality?: boolean;
}

export type QpResult = { ok: true; x: number[]; objective: number } | { ok: false; error: string };

/**
 * Minimises ½·xᵀDx − dᵀx subject to linear constraints, with the Goldfarb–Idnani dual method of the
 * `quadprog` package (a port of R's quadprog). D must be symmetric positive definite.
 */
export function solveQuadraticProgram(
  D: readonly (readonly number[])[],
  d: readonly number[],
  constraints: readonly LinearConstraint[],
): QpResult {
  const n = d.length;
  const ordered = [...constraints.filter((c) => c.equality), ...constraints.filter((c) => !c.equality)];
  // quadprog counts from 1, as the Fortran it was ported from; it needs at least one constraint.
  const rows = ordered.length ? ordered : [{ a: new Array<number>(n).fill(0), b: -1 }];
  const Dm: number[][] = [[]];
  const Am: number[][] = [[]];
  const dv: number[] = [0];
  const bv: number[] = [0];
  for (let i = 0; i < n; i++) {
    Dm.push([0, ...D[i]!]);
    Am.push([0, ...rows.map((c) => c.a[i]!)]);
    dv.push(d[i]!);
  }
  for (const c of rows) bv.push(c.b);
  const meq = ordered.filter((c) => c.equality).length;
  try {
    const r = solveQP(Dm, dv, Am, bv, meq);
    if (r.message) return { ok: false, error: r.message };
    const x = r.solution.slice(1);
    if (!x.every(Number.isFinite)) return { ok: false, error: 'the solver returned a non-finite solution' };
    return { ok: true, x, objective: r.value[1] ?? Number.NaN };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
