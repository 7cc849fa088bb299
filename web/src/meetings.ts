// Meetings (issue 5 item 2): the API's shapes, Swedish labels and the reasons the server gives,
// shared by the meetings panel of the person view, the meeting view and the user's list.
export interface Invitation {
    party: string;
    title: string;
    answer: "unanswered" | "accepted" | "declined";
    answered_by_name: string;
    answered_at: string;
    comment: string;
}
export interface Minutes {
    attendees: string[];
    notes: string;
    decisions: string[];
    ready: boolean | null;
    prognosis_date: string | null;
    coordination_started: boolean;
    recorded_by_name: string;
    recorded_at: string;
}
export interface Meeting {
    id: string;
    kind: string;
    title: string;
    status: "planned" | "held" | "cancelled";
    date: string;
    time: string;
    duration_minutes: number;
    place: string;
    video_url: string;
    sip_id: string | null;
    message: string;
    cancel_reason: string;
    municipality: string;
    municipality_name: string;
    called_by: { party: string; title: string; unit: string; unit_name: string; name: string };
    invitations: Invitation[];
    my_answer: string | null;
    version: number;
    access: "full" | "invitation";
    person_id?: string | null;
    personnummer?: string;
    minutes?: Minutes | null;
}

export const meetingKinds = [
    { value: "kartlaggningsmote", text: "Kartläggningsmöte" },
    { value: "avstamningsmote", text: "Avstämningsmöte" },
    { value: "sip_mote", text: "SIP-möte" },
] as const;

export const meetingStatusText: Record<string, string> = {
    planned: "Planerat",
    held: "Hållet",
    cancelled: "Inställt",
};
// The badge classes of theme.css: planned is open, held is met, cancelled is overdue (red).
export const meetingStatusBadge: Record<string, string> = {
    planned: "rv-badge--open",
    held: "rv-badge--met",
    cancelled: "rv-badge--overdue",
};
export const answerText: Record<string, string> = {
    unanswered: "Inte svarat",
    accepted: "Kommer",
    declined: "Kommer inte",
};
// Every party that can be invited or take part.
export const meetingParties = ["eb", "fk", "region", "af", "ame", "nurse"] as const;

// "2026-12-01 10:00–11:30".
export function when(m: Pick<Meeting, "date" | "time" | "duration_minutes">): string {
    const [h, min] = m.time.split(":").map(Number);
    const end = h * 60 + min + m.duration_minutes;
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${m.date} ${m.time}–${pad(Math.floor(end / 60) % 24)}:${pad(end % 60)}`;
}

// 90 → "1 timme 30 minuter".
export function durationText(minutes: number): string {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const parts: string[] = [];
    if (hours) parts.push(hours === 1 ? "1 timme" : `${hours} timmar`);
    if (rest) parts.push(`${rest} minuter`);
    return parts.join(" ");
}

export function placeText(m: Pick<Meeting, "place" | "video_url">): string {
    if (m.place && m.video_url) return `${m.place} eller video`;
    return m.place || "Video";
}

// The server's reasons for meeting fields, in Swedish.
export function meetingReason(reason: string): string {
    const known: [RegExp, string][] = [
        [/^is required: kartlaggningsmote/, "Välj typ av möte."],
        [/^is required: a date/, "Ange ett datum som ÅÅÅÅ-MM-DD."],
        [/^must be today or later/, "Datumet får inte ha passerat."],
        [/^must be within two years/, "Datumet måste ligga inom två år."],
        [/^is required: a time/, "Ange en tid som TT:MM, till exempel 09:30."],
        [/^must be a time/, "Ange en tid som TT:MM, till exempel 09:30."],
        [/^must be from 15 to 480/, "Mötet ska vara mellan 15 minuter och 8 timmar."],
        [/^is required unless a video link/, "Ange en plats eller en videolänk."],
        [/^must be a link that starts with https/, "Videolänken ska börja med https://."],
        [/^names your own party/, "Din egen part kallar till mötet och bjuds inte in."],
        [/^contains a personnummer/, "Texten innehåller ett personnummer. En kallelse får inte innehålla personuppgifter."],
        [/^may contain personal data/, "Texten kan innehålla personuppgifter (ett namn, ett nummer eller en e-postadress). Ta bort dem, eller bekräfta att de inte gäller personen."],
        [/^must name at least one party/, "Välj minst en part som deltog."],
        [/^must not hold an empty decision/, "Ett beslut är tomt. Skriv beslutet eller ta bort raden."],
        [/^is only given when ready is false/, "Prognosdatum anges bara när personen inte bedöms redo."],
        [/^must not be before the meeting's date/, "Prognosdatumet får inte vara före mötet."],
        [/^the meeting is on .* its minutes are recorded from that day/, "Protokollet kan föras först på mötesdagen."],
        [/^is longer than (\d+)/, "Texten är för lång."],
        [/^no FK coordination is open/, "FK:s samordning är inte startad. Markera att mötet startar samordningen."],
        [/^FK coordination is already open/, "FK:s samordning är redan startad i ärendet."],
        [/^is not one of this person's SIPs/, "SIP:en hör inte till personen. Välj en av personens SIP:ar."],
    ];
    for (const [pattern, text] of known) if (pattern.test(reason)) return text;
    return reason;
}
