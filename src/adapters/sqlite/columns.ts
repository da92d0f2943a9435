/** Dates are stored as epoch milliseconds; an absent one as NULL. */
export const dateOrNull = (d: Date | undefined): number | null => (d === undefined ? null : d.getTime());
export const dateOrUndefined = (ms: number | null): Date | undefined => (ms === null ? undefined : new Date(ms));
