import { spawnSync } from 'node:child_process';

/**
 * Prometheus's own `promtool check metrics` on a scrape (Debian's `prometheus` package, which
 * `.ci/run` installs): the problems it prints, one per line; throws when the text does not parse.
 */
export function promtoolProblems(text: string): string[] {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (r.error) throw new Error(`promtool could not run (${r.error.message}): install Debian's prometheus package`);
  const said = `${r.stdout}${r.stderr}`.trim();
  // 0: clean, 3: lint problems only; anything else is a text the parser refused.
  if (r.status !== 0 && r.status !== 3) throw new Error(`promtool refused the scrape (exit ${r.status}): ${said}`);
  return said ? said.split('\n') : [];
}
