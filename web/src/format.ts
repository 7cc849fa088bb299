// Swedish presentation: dates as 2014-10-01 (ISO, as the API sends them), names sorted with
// å, ä, ö after z, ages from the personnummer's birth date.

export const swedish = new Intl.Collator("sv-SE", { sensitivity: "base", numeric: true });

export function sortSwedish<T>(items: T[], key: (item: T) => string): T[] {
    return [...items].sort((a, b) => swedish.compare(key(a), key(b)));
}

// YYYYMMDDNNNN as YYYYMMDD-NNNN (the form caseworkers read).
export function formatPersonnummer(pnr: string): string {
    return /^\d{12}$/.test(pnr) ? `${pnr.slice(0, 8)}-${pnr.slice(8)}` : pnr;
}

// Today in Sweden as YYYY-MM-DD.
export function todayIso(): string {
    return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm" }).format(new Date());
}

// Whole years from `birth` (YYYY-MM-DD) to `on` (YYYY-MM-DD).
export function ageOn(birth: string, on: string): number {
    const [by, bm, bd] = birth.split("-").map(Number);
    const [y, m, d] = on.split("-").map(Number);
    return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

// Days from `from` to `to` (both YYYY-MM-DD), negative when `to` is earlier.
export function daysBetween(from: string, to: string): number {
    const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
    return Math.round(ms / 86_400_000);
}

