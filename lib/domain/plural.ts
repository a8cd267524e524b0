/** "1 trace", "3 traces": a count with its noun (English plural by -s). */
export const countOf = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
