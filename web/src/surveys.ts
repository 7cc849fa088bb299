// Questionnaires (DOMAIN.md §9, issue 5 item 5): the shapes of GET /api/v1/surveys and
// GET /api/v1/report/surveys, and the `answers` object of a form's choices.
import { api } from "./api";

export interface SurveyOption {
    id: string;
    label: string;
    positive: boolean;
}
export interface SurveyQuestion {
    id: string;
    text: string;
    kind: "choice" | "yes_no";
    options: SurveyOption[];
    target: number | null;
    target_text: string;
}
export interface SurveyDefinition {
    survey: "participant" | "staff" | "indikatorer";
    title: string;
    intro: string;
    anonymous: boolean;
    after_avstamningsmote: boolean;
    questions: SurveyQuestion[];
}

type N = number | null;
export interface QuestionResult {
    id: string;
    text: string;
    n: N;
    options: (SurveyOption & { count: N })[];
    positive: N;
    share_positive: N;
    target: N;
    target_text: string;
    met: boolean | null;
}
export interface SurveyResult {
    survey: string;
    title: string;
    anonymous: boolean;
    answers: N;
    anonymous_answers: N;
    excluded: N;
    questions: QuestionResult[];
}
export interface SurveyResults {
    as_of: string;
    municipalities: string[];
    surveys: SurveyResult[];
    suppression_threshold?: number;
    suppressed?: string[];
}

let definitions: Promise<SurveyDefinition[]> | null = null;
export function loadSurveyDefinitions(): Promise<SurveyDefinition[]> {
    definitions ??= api.get<{ surveys: SurveyDefinition[] }>("/surveys").then((r) => r.data.surveys);
    definitions.catch(() => (definitions = null));
    return definitions;
}

// The `answers` object: the chosen option per question; yes/no as booleans; unanswered left out.
export function answersOf(definition: SurveyDefinition, chosen: Record<string, string>): Record<string, string | boolean> {
    const out: Record<string, string | boolean> = {};
    for (const q of definition.questions) {
        const value = chosen[q.id];
        if (!value) continue;
        out[q.id] = q.kind === "yes_no" ? value === "yes" : value;
    }
    return out;
}

// What a server reason about a survey field means, in Swedish.
export function surveyFieldMessage(field: string, reason: string): string {
    if (field === "answers") return "Svara på minst en fråga.";
    if (field.startsWith("answers.")) return "Välj ett av svarsalternativen.";
    if (field === "person") {
        if (/avstämningsmöte/.test(reason)) return "Personen har inte varit på något avstämningsmöte före svarsdagen. Deltagarenkäten gäller bara dem som har varit det.";
        if (/no such person/.test(reason)) return "Det finns ingen person med det personnumret som du har tillgång till.";
        if (/registered/.test(reason)) return "Personen är inte registrerad.";
        return "Kontrollera personnumret (ÅÅÅÅMMDD-NNNN).";
    }
    if (field === "date") return /future/.test(reason) ? "Datumet får inte vara i framtiden." : "Skriv datumet som ÅÅÅÅ-MM-DD.";
    if (field === "municipality") return /required/.test(reason) ? "Välj kommun." : "Du kan bara ange en kommun som din enhet arbetar för.";
    return reason;
}

export function percentText(v: N): string {
    return v === null ? "–" : `${(v * 100).toFixed(1).replace(".", ",")} %`;
}
