// The event types of a case (DOMAIN.md §10) as the web application shows and records them: one
// table drives the timeline's Swedish texts and every form of the case view (PersonView.vue).
// Who may record what mirrors the server's rule (RecordableBy, src/domain/access.cpp); the
// server decides in the end. Field names are the exchange format's, so that the server's
// error.field points at the field of the form.

export type Party = "eb" | "fk" | "region" | "af" | "ame" | "nurse";

export const partyText: Record<string, string> = {
    eb: "Ekonomiskt bistånd (kommunen)",
    fk: "Försäkringskassan",
    region: "Regionen (vården)",
    af: "Arbetsförmedlingen",
    ame: "Arbetsmarknadsenheten",
    nurse: "Kommunens sjuksköterska",
};
export const partyShort: Record<string, string> = {
    eb: "EB",
    fk: "FK",
    region: "Regionen",
    af: "AF",
    ame: "AME",
    nurse: "Sjuksköterska",
};

export interface Choice {
    value: string;
    text: string;
    help?: string; // A sentence that explains the choice (the stance's directions).
}

export type FieldKind = "date" | "text" | "textarea" | "radio" | "select" | "yesno" | "parties" | "referral";

export interface FieldSpec {
    key: string; // The exchange-format field (or, with `answer`, the key in `answers`).
    label: string;
    kind: FieldKind;
    required?: boolean;
    help?: string;
    choices?: Choice[];
    maxLength?: number;
    // Shown (and sent) only when this holds for the form's values.
    when?: (values: Record<string, unknown>) => boolean;
    answer?: boolean; // Part of survey_answered's `answers` object.
    number?: boolean; // Sent as a number (extent).
}

export interface EventSpec {
    type: string;
    text: string; // The Swedish name in the timeline and the form's heading.
    help: string; // What recording it means, one sentence.
    parties: Party[]; // Who records it besides EB (EB, the case's owner, records every type).
    fields: FieldSpec[];
    elsewhere?: { text: string; route: "consent" | "surveys" }; // Recorded in another view.
    generated?: Record<string, () => string>; // Fields the application fills in itself.
}

export const exitReasons: Choice[] = [
    { value: "sjukersattning", text: "Sjukersättning" },
    { value: "aktivitetsersattning", text: "Aktivitetsersättning" },
    { value: "sjukpenning", text: "Sjukpenning (även i särskilda fall)" },
    { value: "anstallning", text: "Anställning (med eller utan stöd)" },
    { value: "make_maka_inkomst", text: "Make/makas inkomst" },
    { value: "alderspension", text: "Ålderspension (även äldreförsörjningsstöd)" },
    { value: "avliden", text: "Avliden" },
    { value: "flyttat", text: "Flyttat" },
    { value: "studier", text: "Studier (CSN)" },
    { value: "annan_ersattning", text: "Annan ersättning" },
    { value: "okand", text: "Okänd" },
];

// The directions of the stance (DOMAIN.md §5.4), each explained in a sentence.
export const directions: Choice[] = [
    {
        value: "await_treatment",
        text: "Avvakta medicinsk behandling",
        help: "Behandlingen behöver ges tid först. Ange när planeringen ska stämmas av igen.",
    },
    {
        value: "clarify_with_healthcare",
        text: "Förtydliga underlaget med vården",
        help: "Det medicinska underlaget räcker inte. Kontakta läkaren med blanketten ”Underlag från socialtjänsten till läkare vid svårigheter att delta i aktivitet”.",
    },
    {
        value: "fk_coordination",
        text: "Remiss till FK för samordnad rehabilitering",
        help: "Försäkringskassan samordnar rehabiliteringen. Skicka en anonym remiss till FK:s funktionsbrevlåda.",
    },
    {
        value: "apply_benefit",
        text: "Ansöka om sjukersättning eller aktivitetsersättning",
        help: "Arbetsförmågan är varaktigt nedsatt. Erbjud först en arbetsförmågebedömning via arbetsmarknadsenheten.",
    },
    {
        value: "sip",
        text: "Kalla till SIP",
        help: "Flera aktörer behövs. En samordnad individuell plan görs tillsammans med personen.",
    },
    {
        value: "labour_market",
        text: "Arbetsmarknadsinsatser (AME eller AF)",
        help: "Insatser mot arbete eller studier, som kan pågå parallellt med sjukskrivningen.",
    },
    {
        value: "other",
        text: "Annat",
        help: "Till exempel när ett beroende är det huvudsakliga problemet. Beskriv planeringen i anteckningen.",
    },
];

export const benefits: Choice[] = [
    { value: "sjukpenning", text: "Sjukpenning" },
    { value: "sjukpenning_sarskilda_fall", text: "Sjukpenning i särskilda fall" },
    { value: "sjukersattning", text: "Sjukersättning" },
    { value: "aktivitetsersattning", text: "Aktivitetsersättning" },
];

const extents: Choice[] = ["25", "50", "75", "100"].map((v) => ({ value: v, text: `${v} %` }));

const survey = (key: string, label: string, choices: Choice[], kind: string): FieldSpec => ({
    key,
    label,
    kind: "radio",
    required: true,
    choices,
    answer: true,
    when: (v) => v.survey === kind,
});

const yesNoSurvey = (key: string, label: string, kind: string): FieldSpec => ({
    ...survey(key, label, [], kind),
    kind: "yesno",
    choices: undefined,
});

function randomId(prefix: string): string {
    const bytes = new Uint8Array(6);
    crypto.getRandomValues(bytes);
    return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const eventSpecs: EventSpec[] = [
    {
        type: "target_group_identified",
        text: "Identifierad i målgruppen",
        help: "Personen har ekonomiskt bistånd, nedsatt arbetsförmåga av sjukdom och ingen eller okänd SGI.",
        parties: [],
        fields: [
            { key: "municipality", label: "Kommunkod", kind: "text", required: true, help: "Fyra siffror (SCB), t.ex. 1380" },
            {
                key: "source",
                label: "Hur personen hittades",
                kind: "radio",
                required: true,
                choices: [
                    { value: "application", text: "Vid ansökan om ekonomiskt bistånd" },
                    { value: "caseworker", text: "Handläggaren uppmärksammade ohälsa" },
                    { value: "mapping", text: "Kartläggning av ärendena" },
                ],
            },
        ],
    },
    {
        type: "eb_period_started",
        text: "Ekonomiskt bistånd påbörjat",
        help: "En period med ekonomiskt bistånd börjar i kommunen.",
        parties: [],
        fields: [{ key: "municipality", label: "Kommunkod", kind: "text", required: true, help: "Fyra siffror (SCB), t.ex. 1380" }],
    },
    {
        type: "eb_period_ended",
        text: "Ekonomiskt bistånd avslutat",
        help: "Perioden med ekonomiskt bistånd slutar, med orsaken.",
        parties: [],
        fields: [
            { key: "municipality", label: "Kommunkod", kind: "text", required: true, help: "Fyra siffror (SCB), t.ex. 1380" },
            { key: "reason", label: "Orsak", kind: "select", required: true, choices: exitReasons },
        ],
    },
    {
        type: "sgi_checked",
        text: "SGI kontrollerad",
        help: "Försäkringskassan har kontrollerat personens sjukpenninggrundande inkomst.",
        parties: ["fk"],
        fields: [
            {
                key: "sgi",
                label: "Resultat",
                kind: "radio",
                required: true,
                choices: [
                    { value: "zero", text: "Ingen SGI (nollplacerad)" },
                    { value: "positive", text: "SGI finns: personen kan ha rätt till sjukpenning" },
                ],
            },
        ],
    },
    {
        type: "consent_given",
        text: "Samtycke givet",
        help: "Personen samtycker till att andra parter ser ärendet.",
        parties: [],
        fields: [],
        elsewhere: { text: "Samtycken ges, begränsas och återkallas i vyn Samtycke.", route: "consent" },
    },
    {
        type: "consent_revoked",
        text: "Samtycke återkallat",
        help: "Personen återkallar ett samtycke.",
        parties: [],
        fields: [],
        elsewhere: { text: "Samtycken ges, begränsas och återkallas i vyn Samtycke.", route: "consent" },
    },
    {
        type: "mapping_meeting_held",
        text: "Kartläggningsmöte hållet",
        help: "Mötet med personen där situationen kartläggs och samtycke efterfrågas.",
        parties: ["ame", "nurse"],
        fields: [],
    },
    {
        type: "sick_certificate",
        text: "Läkarintyg",
        help: "Ett läkarintyg om sjukskrivning. Intyg utan glapp mellan sig bildar en sjukskrivningsperiod.",
        parties: ["region"],
        fields: [
            { key: "from", label: "Sjukskriven från och med", kind: "date", required: true },
            { key: "to", label: "Sjukskriven till och med", kind: "date", required: true },
            { key: "extent", label: "Omfattning", kind: "radio", required: true, choices: extents, number: true },
            { key: "icd10", label: "Diagnoskod (ICD-10)", kind: "text", maxLength: 10, help: "Frivillig, t.ex. F32.1" },
            {
                key: "supports_reduced_capacity",
                label: "Styrker intyget nedsatt arbetsförmåga?",
                kind: "yesno",
                required: true,
                help: "Din bedömning av intyget.",
            },
        ],
    },
    {
        type: "stance_taken",
        text: "Ställningstagande",
        help: "Planeringens inriktning, tagen tillsammans med personen senast två månader efter sjukskrivningens start.",
        parties: [],
        fields: [
            { key: "direction", label: "Inriktning", kind: "radio", required: true, choices: directions },
            {
                key: "review_date",
                label: "Stäms av igen",
                kind: "date",
                help: "Frivillig: när planeringen ska ses över.",
            },
            { key: "note", label: "Anteckning", kind: "textarea", maxLength: 4000, help: "Krävs när inriktningen är Annat." },
        ],
    },
    {
        type: "fk_referral_sent",
        text: "Remiss till FK skickad",
        help: "En remiss till Försäkringskassans funktionsbrevlåda. FK ska ta återkontakt inom tre arbetsdagar.",
        parties: [],
        fields: [],
        generated: { referral_id: () => randomId("r-") },
    },
    {
        type: "fk_contact_made",
        text: "FK har tagit återkontakt",
        help: "Försäkringskassan har ringt tillbaka om remissen.",
        parties: ["fk"],
        fields: [{ key: "referral_id", label: "Remiss", kind: "referral", required: true }],
    },
    {
        type: "fk_coordination_started",
        text: "Samordnad rehabilitering påbörjad",
        help: "Försäkringskassan har börjat samordna rehabiliteringen.",
        parties: ["fk"],
        fields: [],
    },
    {
        type: "avstamningsmote_held",
        text: "Avstämningsmöte hållet",
        help: "Möte med personen och de parter som behövs, under FK:s samordning.",
        parties: ["fk"],
        fields: [{ key: "parties", label: "Deltagande parter", kind: "parties", required: true }],
    },
    {
        type: "fk_readiness_assessed",
        text: "FK har bedömt om personen är redo",
        help: "Är personen redo för samordnad rehabilitering nu?",
        parties: ["fk"],
        fields: [
            { key: "ready", label: "Redo för samordnad rehabilitering nu?", kind: "yesno", required: true },
            {
                key: "prognosis_date",
                label: "Prognos: redo från",
                kind: "date",
                help: "Inom sex månader håller FK ärendet under bevakning till detta datum.",
                when: (v) => v.ready === "false",
            },
        ],
    },
    {
        type: "fk_coordination_ended",
        text: "Samordnad rehabilitering avslutad",
        help: "Försäkringskassan avslutar sin samordning.",
        parties: ["fk"],
        fields: [
            {
                key: "reason",
                label: "Orsak",
                kind: "radio",
                required: true,
                choices: [
                    { value: "completed", text: "Genomförd" },
                    { value: "not_ready", text: "Inte redo (prognos längre än sex månader)" },
                    { value: "sgi_found", text: "SGI finns" },
                    { value: "benefit_granted", text: "Förmån beviljad" },
                    { value: "other", text: "Annan orsak" },
                ],
            },
        ],
    },
    {
        type: "sip_meeting_held",
        text: "SIP-möte hållet",
        help: "Möte om en samordnad individuell plan. Alla parter kan kalla till SIP.",
        parties: ["fk", "region", "af", "ame", "nurse"],
        fields: [{ key: "parties", label: "Deltagande parter", kind: "parties", required: true }],
    },
    {
        type: "work_capacity_assessed",
        text: "Arbetsförmåga bedömd",
        help: "En arbetsförmågebedömning är gjord (arbetsmarknadsenheten eller Arbetsförmedlingen).",
        parties: ["af", "ame"],
        fields: [],
    },
    {
        type: "benefit_applied",
        text: "Ansökan om förmån",
        help: "Personen har ansökt om en förmån hos Försäkringskassan.",
        parties: [],
        fields: [{ key: "benefit", label: "Förmån", kind: "radio", required: true, choices: benefits }],
    },
    {
        type: "benefit_decided",
        text: "Beslut om förmån",
        help: "Försäkringskassans beslut om en förmån.",
        parties: ["fk"],
        fields: [
            { key: "benefit", label: "Förmån", kind: "radio", required: true, choices: benefits },
            {
                key: "outcome",
                label: "Beslut",
                kind: "radio",
                required: true,
                choices: [
                    { value: "granted", text: "Beviljad" },
                    { value: "denied", text: "Avslag" },
                ],
            },
            {
                key: "extent",
                label: "Omfattning",
                kind: "select",
                choices: extents,
                number: true,
                help: "Frivillig",
                when: (v) => v.outcome === "granted",
            },
        ],
    },
    {
        type: "survey_answered",
        text: "Enkätsvar",
        help: "Svar på en uppföljningsenkät (DOMAIN.md §9).",
        parties: [],
        // The fields describe answers on the timeline; answers are entered in Enkäter, which keeps
        // an anonymous survey's answer apart from the person and checks who may answer.
        elsewhere: {
            text: "Enkätsvar registreras i vyn Enkäter. Anonyma enkäter sparas där utan koppling till personen.",
            route: "surveys",
        },
        fields: [
            {
                key: "survey",
                label: "Enkät",
                kind: "radio",
                required: true,
                choices: [
                    { value: "participant", text: "Deltagare (efter minst ett avstämningsmöte)" },
                    { value: "indikatorer", text: "Indikatorer (efter insatsen)" },
                ],
            },
            survey(
                "planning",
                "Har planeringen fungerat?",
                [
                    { value: "good", text: "Bra" },
                    { value: "too_early", text: "För tidigt att säga" },
                    { value: "bad", text: "Dåligt" },
                ],
                "participant",
            ),
            survey(
                "cooperation",
                "Är det bra att ekonomiskt bistånd och FK samarbetar?",
                [
                    { value: "yes", text: "Ja" },
                    { value: "both", text: "Både och" },
                    { value: "no", text: "Nej" },
                    { value: "no_answer", text: "Vill inte svara" },
                ],
                "participant",
            ),
            // Yes/no questions are booleans in `answers` (domain/survey.cpp checks the ids).
            yesNoSurvey("more_ready", "Känner du dig mer redo att arbeta eller studera?", "indikatorer"),
            yesNoSurvey("great_use", "Har stödet varit till stor nytta?", "indikatorer"),
            yesNoSurvey("planning_after_sufficient", "Räcker planeringen för tiden efter stödet?", "indikatorer"),
        ],
    },
];

export const eventSpecOf: Record<string, EventSpec> = Object.fromEntries(eventSpecs.map((s) => [s.type, s]));

// May a user of `party` record `spec` (besides what the server's consent rule adds)?
export function mayRecord(party: string, spec: EventSpec): boolean {
    return party === "eb" || spec.parties.includes(party as Party);
}

// The form that closes a deadline of Mitt arbete (`?atgard=<deadline kind>`).
export const formForDeadline: Record<string, string> = {
    stance: "stance_taken",
    replan_after_fk_closed: "stance_taken",
    ae_ends_at_30: "stance_taken",
    certificate_running_out: "sick_certificate",
    fk_callback: "fk_contact_made",
    fk_watch_review: "fk_readiness_assessed",
};

// The fields of `spec` that apply to the form's values now.
export function activeFields(spec: EventSpec, values: Record<string, unknown>): FieldSpec[] {
    return spec.fields.filter((f) => !f.when || f.when(values));
}

// The request body of POST /persons/{id}/events from a form's values: only the fields that
// apply, empty optional ones left out, yes/no as booleans, extents as numbers, survey answers
// in `answers`.
export function eventBody(spec: EventSpec, date: string, values: Record<string, unknown>): Record<string, unknown> {
    const body: Record<string, unknown> = { type: spec.type, date };
    const answers: Record<string, unknown> = {};
    for (const field of activeFields(spec, values)) {
        const value = values[field.key];
        if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0 && !field.required)) continue;
        let out: unknown = value;
        if (field.kind === "yesno") out = value === "true";
        else if (field.number) out = Number(value);
        else if (typeof value === "string") out = value.trim();
        if (field.answer) answers[field.key] = out;
        else body[field.key] = out;
    }
    if (spec.type === "survey_answered") body.answers = answers;
    for (const [key, make] of Object.entries(spec.generated ?? {})) body[key] = make();
    return body;
}

// One line of the timeline: the event's type in Swedish and its fields as short Swedish text.
export function describeEvent(event: Record<string, unknown>): { title: string; details: string[] } {
    const spec = eventSpecOf[String(event.type)];
    const title = spec?.text ?? String(event.type);
    const details: string[] = [];
    const choice = (list: Choice[] | undefined, v: unknown) => list?.find((c) => c.value === String(v))?.text ?? String(v);
    if (!spec) return { title, details };
    for (const field of spec.fields) {
        const raw = field.answer ? (event.answers as Record<string, unknown> | undefined)?.[field.key] : event[field.key];
        if (raw === undefined || raw === null || raw === "") continue;
        let text: string;
        switch (field.kind) {
            case "yesno":
                text = raw === true ? "ja" : "nej";
                break;
            case "parties":
                text = (raw as string[]).map((p) => partyShort[p] ?? p).join(", ");
                break;
            case "radio":
            case "select":
                text = choice(field.choices, raw);
                break;
            default:
                text = String(raw);
        }
        details.push(`${field.label.replace(/\?$/, "")}: ${text}`);
    }
    if (event.type === "consent_given") {
        details.push(`Parter: ${((event.parties as string[]) ?? []).map((p) => partyShort[p] ?? p).join(", ")}`);
        if (event.purpose) details.push(`Syfte: ${String(event.purpose)}`);
        if (event.until) details.push(`Gäller till och med ${String(event.until)}`);
    }
    if (event.type === "fk_referral_sent") details.push(`Remiss: ${String(event.referral_id ?? "")}`);
    if (event.type === "consent_revoked") details.push(`Samtycke: ${String(event.consent_id ?? "")}`);
    return { title, details: details.filter((d) => d) };
}

// The server's reasons (English, naming the field) in Swedish, for the message next to the field.
export function swedishReason(reason: string): string {
    const known: [RegExp, string | ((m: RegExpMatchArray) => string)][] = [
        [/^is required when direction is "other"/, "Beskriv planeringen när inriktningen är Annat."],
        [/^is required/, "Fyll i fältet."],
        [/^must not be empty/, "Fyll i fältet."],
        [/^must be a date YYYY-MM-DD/, "Ange ett datum som ÅÅÅÅ-MM-DD."],
        [/^must not be before "from"/, "Slutdatumet får inte vara före startdatumet."],
        [/^must not be before the stance's date/, "Datumet får inte vara före ställningstagandets datum."],
        [/^must not be before the assessment's date/, "Datumet får inte vara före bedömningens datum."],
        [/^must not be before the consent's date/, "Datumet får inte vara före samtyckets datum."],
        [/^is only given when ready is false/, "Anges bara när personen inte är redo."],
        [/^must be 25, 50, 75 or 100/, "Välj 25, 50, 75 eller 100 %."],
        [/^must name at least one party/, "Välj minst en part."],
        [/^is longer than (\d+)/, (m) => `Texten är för lång (högst ${m[1]} tecken).`],
        [/^must be a four-digit SCB kommunkod/, "Ange kommunkoden med fyra siffror."],
        [/^may not be in the future/, "Datumet får inte vara i framtiden."],
        [/^must be on or before date/, "Datumet får inte vara efter datumet för registreringen."],
        [/^is already registered/, "Personen är redan registrerad."],
        [/^cannot be registered by this unit/, "Personen kan inte registreras av din enhet."],
        [/^an EB period is already open/, "Det finns redan en pågående period med ekonomiskt bistånd i kommunen."],
        [/^no EB period is open/, "Det finns ingen pågående period med ekonomiskt bistånd i kommunen det datumet."],
        [/^this referral has already been called back/, "FK har redan tagit återkontakt om den remissen."],
        [/^no referral with this id/, "Ingen sådan remiss var skickad det datumet."],
        [/^FK coordination is already open/, "Samordnad rehabilitering pågår redan."],
        [/^no FK coordination is open/, "Ingen samordnad rehabilitering pågår det datumet."],
        [/^has a wrong check digit/, "Kontrollsiffran stämmer inte. Kolla att personnumret stämmer."],
        [/^must have 10 or 12 digits|^may contain only digits|^must have its '-'|^may use '\+'/, "Fyll i personnumret med 10 eller 12 siffror."],
        [/^has an impossible date/, "Personnumret innehåller ett datum som inte finns."],
        [/^is a birth date after today/, "Födelsedatumet ligger i framtiden."],
    ];
    for (const [pattern, text] of known) {
        const m = reason.match(pattern);
        if (m) return typeof text === "string" ? text : text(m);
    }
    return `Servern godtog inte värdet (${reason}).`;
}

// The open tracks of a case (src/domain/case.cpp, TrackKind) in Swedish.
export const trackText: Record<string, string> = {
    sick_leave: "Sjukskriven",
    awaiting_fk_callback: "Väntar på återkontakt från FK",
    fk_coordination: "Samordnad rehabilitering hos FK",
    fk_watch: "Bevakning hos FK",
    benefit_application: "Ansökan om förmån väntar på beslut",
    await_treatment: "Avvaktar medicinsk behandling",
    clarify_with_healthcare: "Förtydligande från vården",
    labour_market: "Arbetsmarknadsinsats (AME/AF)",
    sip: "SIP",
    other: "Annan planering",
};

