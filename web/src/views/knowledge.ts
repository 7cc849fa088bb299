// The Kunskapsbank's data: the method as the server describes it (GET /api/v1/method, generated
// from the domain rules), the documents of the method named in the project's final report, and the
// contact list (GET /api/v1/contacts).

export interface MethodStep {
    step: string;
    number: number;
    title: string;
    summary: string;
}
export interface MethodTransition {
    event: string;
    title: string;
    to: string | null;
    requires: string;
    recorded_by: string[];
}
export interface MethodDirection {
    direction: string;
    title: string;
    explanation: string;
    track: string | null;
    track_title: string | null;
    leads_to: string | null;
}
export interface MethodDeadline {
    kind: string;
    title: string;
    responsible: string;
    responsible_title: string;
    starts: string;
    due: string;
    closes: string;
    action: string;
    started_by: string[];
    met_by: string[];
}
export interface Method {
    steps: MethodStep[];
    transitions: MethodTransition[];
    directions: MethodDirection[];
    deadlines: MethodDeadline[];
    parties: { party: string; title: string }[];
    rules_effective_from: string;
}

export interface Contact {
    id: string;
    party: string;
    name: string;
    municipality: string;
    mailbox: string;
    phone: string;
    email: string;
    note: string;
}

export const contactPartyText: Record<string, string> = {
    eb: "Ekonomiskt bistånd",
    fk: "Försäkringskassan",
    region: "Regionen (vården)",
    af: "Arbetsförmedlingen",
    ame: "Arbetsmarknadsenheten",
    nurse: "Kommunens sjuksköterskor",
    forbund: "Samordningsförbundet",
};
export const contactParties = Object.keys(contactPartyText);

// The municipalities of the seeds (DOMAIN.md §2); other codes are shown as they are.
export const municipalityText: Record<string, string> = {
    "1380": "Halmstad",
    "1381": "Laholm",
    "1499": "Falköping",
    "1231": "Burlöv",
    "1230": "Staffanstorp",
    "1763": "Forshaga",
};

// The forms and brochures of the method (the final report "PÅ RÄTT VÄG!", 2015, and DOMAIN.md
// §5). `step` is the step of the method where it is used (a step name of GET /api/v1/method).
// `route` is the view of this application that does the same work, when there is one; the
// documents themselves (PDF) come with issue 5.
export interface MethodDocument {
    id: string;
    title: string;
    kind: "Blankett" | "Informationsblad" | "Broschyr" | "Skrift" | "Mall" | "I systemet";
    audience: string;
    purpose: string;
    step: string;
    route?: { to: string; text: string; who: "eb" | "all" };
}

export const methodDocuments: MethodDocument[] = [
    {
        id: "underlag-lakare",
        title: "Underlag från socialtjänsten till läkare vid svårigheter att delta i aktivitet",
        kind: "Blankett",
        audience: "Personen tar med den till sin läkare",
        purpose:
            "Ger läkaren kort information om de planerade aktiviteterna, så att läkaren kan ta ställning till om ett läkarintyg behövs eller hur aktiviteten kan anpassas.",
        step: "stance",
    },
    {
        id: "behov-av-lakarintyg",
        title: "Behov av läkarintyg för sjukskrivning för nollplacerade personer",
        kind: "Informationsblad",
        audience: "Vården",
        purpose:
            "Beskriver syftet med sjukskrivning och vad personen går miste om när arbetsförmågan är nedsatt men inget läkarintyg utfärdas.",
        step: "sick_leave",
    },
    {
        id: "ratt-bedomning",
        title: "Så får du rätt bedömning och rehabilitering när du blir sjukskriven",
        kind: "Broschyr",
        audience: "Personen",
        purpose: "Förklarar för personen hur sjukskrivning, bedömning och rehabilitering går till.",
        step: "mapping_meeting",
    },
    {
        id: "kontaktplan",
        title: "Skriftlig kontaktplan",
        kind: "Mall",
        audience: "Personen och socialsekreteraren",
        purpose: "Hur och hur ofta personen och socialsekreteraren håller kontakt under planeringen.",
        step: "mapping_meeting",
    },
    {
        id: "remiss-fk",
        title: "Anonym remiss till FK:s funktionsbrevlåda",
        kind: "I systemet",
        audience: "Socialsekreteraren till FK",
        purpose:
            "Frågar FK om samordnad rehabilitering utan personuppgifter. En personlig handläggare ringer upp inom tre arbetsdagar.",
        step: "fk_referral",
        route: { to: "/remiss", text: "Skriv en remiss till FK", who: "eb" },
    },
    {
        id: "avstamningsmotet",
        title: "Avstämningsmötet – så samverkar vi för individen",
        kind: "Broschyr",
        audience: "Handläggare och vården",
        purpose: "Beskriver avstämningsmötet och hur parterna samverkar kring personen.",
        step: "fk_coordination",
    },
    {
        id: "roller-och-ansvar",
        title: "Beskrivning av roller och ansvar vid avstämningsmöten, tre- och flerpartsmöten i vården",
        kind: "Skrift",
        audience: "Alla parter",
        purpose: "Förtydligar vem som gör vad vid samverkansmöten i en utvidgad samverkansmodell.",
        step: "fk_coordination",
    },
    {
        id: "sip",
        title: "Samordnad individuell plan (SIP)",
        kind: "Mall",
        audience: "Personen och alla parter",
        purpose:
            "Personens egna mål, insatserna med ansvarig huvudman, vem som samordnar och när planen följs upp. Planen ägs av personen.",
        step: "sip",
    },
    {
        id: "samordningsbladet",
        title: "Samordningsbladet",
        kind: "Broschyr",
        audience: "Politiker, tjänstemän och handläggare",
        purpose: "Informationsbroschyr i tidningsform om arbetet med nollplacerade.",
        step: "identified",
    },
];

// A title split into lines of at most `width` characters (for the SVG, which does not wrap).
export function wrap(text: string, width: number): string[] {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(/\s+/)) {
        if (line && (line + " " + word).length > width) {
            lines.push(line);
            line = word;
        } else {
            line = line ? `${line} ${word}` : word;
        }
    }
    if (line) lines.push(line);
    return lines;
}
