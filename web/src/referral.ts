// The anonymous referral to FK's function mailbox as the referral and mailbox views show it.

export interface Referral {
    id: string;
    municipality: string;
    sent_on: string;
    callback_due: string;
    working_days_left: number | null; // 0: due today; negative: overdue; null: called back.
    status: "open" | "overdue" | "called_back";
    contact: { name: string; phone: string; email: string };
    description: string;
    called_back_on: string | null;
    person_id: string | null;
}

// What the server found in a description: byte offsets into the UTF-8 text.
export interface Finding {
    kind: string;
    severity: "refuse" | "warn";
    offset: number;
    length: number;
}

const kindText: Record<string, string> = {
    personnummer: "Ett personnummer",
    number_like_a_personnummer: "Ett nummer som liknar ett personnummer",
    probable_name: "Troligen ett namn",
    email_address: "En e-postadress",
};

// The finding's piece of `text` (the offsets count UTF-8 bytes, not characters).
export function findingExcerpt(finding: Finding, text: string): string {
    const bytes = new TextEncoder().encode(text);
    return new TextDecoder().decode(bytes.slice(finding.offset, finding.offset + finding.length));
}

export function findingText(finding: Finding, text: string): string {
    return `${kindText[finding.kind] ?? "Personuppgift"}: ”${findingExcerpt(finding, text)}”`;
}

export function workingDaysText(days: number | null): string {
    if (days === null) return "återkontakt tagen";
    const n = (d: number) => (d === 1 ? "1 arbetsdag" : `${d} arbetsdagar`);
    if (days > 0) return `${n(days)} kvar`;
    if (days === 0) return "senast i dag";
    return `${n(-days)} försenad`;
}
