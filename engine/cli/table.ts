/** python-openstackclient's table look (cliff's `table` formatter) for the `stacklab` verbs. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const fmt = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line, fmt(head), line, ...rows.map(fmt), line].join('\n') + '\n';
}
