/** The last n calendar quarters up to and including the one holding `today`, oldest first. */
export function lastQuarters(today: string, n: number): Array<{ from: string; to: string; name: string }> {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const quarters: Array<{ from: string; to: string; name: string }> = [];
  let q = Math.floor((month - 1) / 3);
  let y = year;
  for (let i = 0; i < n; i++) {
    const from = new Date(Date.UTC(y, q * 3, 1));
    const to = new Date(Date.UTC(y, q * 3 + 3, 0));
    const names = ['January to March', 'April to June', 'July to September', 'October to December'];
    quarters.unshift({ from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), name: `${names[q]} ${y}` });
    q -= 1;
    if (q < 0) {
      q = 3;
      y -= 1;
    }
  }
  return quarters;
}
