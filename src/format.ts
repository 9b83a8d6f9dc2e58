/** Numbers for people, shared by the sentences of the engine and the reports. */

/** A number for people: thousands grouped, decimals as computed. */
export function formatNumber(n: number): string {
  const [whole, fraction] = String(Math.abs(n)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
