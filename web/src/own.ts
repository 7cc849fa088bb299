// Mina sidor (issue 5 item 3): the person's own view, apart from the staff application in
// everything but the frame. The person's session is the server's HttpOnly cookie
// __Host-rattvag_own (never the staff one); this keeps what GET /api/v1/own/session answered.
// Every call goes through api.ts (CSRF token, errors as ApiError); a 401 here means the person's session has ended, and
// the person is sent to the own login page (not the staff one) with the reason.
import { reactive } from "vue";
import type { RouteLocationNormalized, RouteLocationRaw } from "vue-router";
import { api, ApiError, request, setCsrfToken } from "./api";

interface OwnSessionAnswer {
    first_name: string;
    csrf_token: string;
}

export const own = reactive<{ loggedIn: boolean; firstName: string; csrf: string; checked: boolean; expired: boolean }>({
    loggedIn: false,
    firstName: "",
    csrf: "",
    checked: false,
    expired: false,
});

function take(answer: OwnSessionAnswer): void {
    own.loggedIn = true;
    own.firstName = answer.first_name;
    own.csrf = answer.csrf_token;
    own.expired = false;
    own.checked = true;
    setCsrfToken(answer.csrf_token);
}

function forget(): void {
    own.loggedIn = false;
    own.firstName = "";
    own.csrf = "";
    setCsrfToken("");
}

export async function loadOwnSession(): Promise<boolean> {
    try {
        const { data } = await request<OwnSessionAnswer>("GET", "/own/session", { quietUnauthorized: true });
        take(data);
    } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        forget();
    } finally {
        own.checked = true;
    }
    return own.loggedIn;
}

export async function ownLogIn(personnummer: string, password: string): Promise<void> {
    const { data } = await api.post<OwnSessionAnswer>("/own/session", { personnummer, password }, { quietUnauthorized: true });
    take(data);
}

export async function ownActivate(personnummer: string, code: string, password: string): Promise<void> {
    const { data } = await api.post<OwnSessionAnswer>(
        "/own/session/activate",
        { personnummer, code, password },
        { quietUnauthorized: true },
    );
    take(data);
}

export async function ownLogOut(): Promise<void> {
    try {
        setCsrfToken(own.csrf);
        await api.delete("/own/session", { quietUnauthorized: true });
    } finally {
        forget();
    }
}

// Set by the router: where to go when the person's session has ended.
let onEnded: ((till: string) => void) | null = null;
export function setOwnEndedHandler(handler: (till: string) => void): void {
    onEnded = handler;
}

// A call of the person's API (`path` under /api/v1). A 401 ends the person's session here (not
// the staff one: the staff's session-expiry flow is not started): to the own login page, saying
// why. Changes carry the person's CSRF token.
export async function ownCall<T>(method: "GET" | "DELETE" | "POST", path: string, here = "", body?: unknown): Promise<T> {
    if (own.csrf) setCsrfToken(own.csrf);
    try {
        return (await request<T>(method, path, { quietUnauthorized: true, body })).data;
    } catch (error) {
        if (error instanceof ApiError && error.status === 401 && own.loggedIn) {
            forget();
            own.expired = true;
            onEnded?.(here);
        }
        throw error;
    }
}

// The router's guard for /mina-sidor: the person's own session, never the staff one.
export async function ownGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
    if (!own.checked) await loadOwnSession().catch(() => false);
    if (to.name === "own-login") return own.loggedIn ? { name: "own-home" } : true;
    if (!own.loggedIn) return { name: "own-login", query: to.fullPath !== "/mina-sidor" ? { till: to.fullPath } : {} };
    return true;
}

// The sections of Mina sidor, in the menu and on the start page. A section is shown only when it
// has something for the person (`count` > 0 or `always`): no empty placeholders.
//
// "Min plan", "Mina möten" and "Frågor till dig" (docs/OWN.md) count what their
// /api/v1/own/... route answers; a new section adds one entry here, a route in router.ts under
// /mina-sidor (meta { own: true }) and a view that checks every id through the API (404, logged,
// for anything not the person's: DenyForeignId in src/http/own_routes.hpp).
export interface OwnSection {
    key: string;
    title: string;
    to: RouteLocationRaw;
    text: string;
    always?: boolean;
    count?: () => Promise<number>;
}

export const ownSections: OwnSection[] = [
    // --- Min plan (SIP), Mina möten, Frågor till dig (src/http/own_plan_routes.cpp). ---
    {
        key: "plan",
        title: "Min plan",
        to: { name: "own-plan" },
        text: "Din plan (SIP): dina mål, vem som gör vad och när planen ska följas upp.",
        count: async () => (await ownCall<{ plans: unknown[] }>("GET", "/own/sips")).plans.length,
    },
    {
        key: "meetings",
        title: "Mina möten",
        to: { name: "own-meetings" },
        text: "Dina möten: när, var och vilka som kommer.",
        count: async () => {
            const m = await ownCall<{ upcoming: unknown[]; earlier: unknown[] }>("GET", "/own/meetings");
            return m.upcoming.length + m.earlier.length;
        },
    },
    {
        key: "surveys",
        title: "Frågor till dig",
        to: { name: "own-surveys" },
        text: "Några korta frågor om vad du tycker. Det tar bara någon minut.",
        count: async () => (await ownCall<{ surveys: unknown[] }>("GET", "/own/surveys")).surveys.length,
    },
    {
        key: "consents",
        title: "Mina samtycken",
        to: { name: "own-consents" },
        text: "Vilka som får se ditt ärende. Här kan du ta tillbaka ett samtycke.",
        always: true,
    },
    {
        key: "log",
        title: "Vem har läst om mig",
        to: { name: "own-log" },
        text: "Alla som har läst eller skrivit något om dig, och när.",
        always: true,
    },
];

// The sections that have content for the person now (the others are left out).
export async function visibleSections(): Promise<OwnSection[]> {
    const shown: OwnSection[] = [];
    for (const section of ownSections) {
        if (section.always) {
            shown.push(section);
            continue;
        }
        const n = await section.count?.().catch(() => 0);
        if (n && n > 0) shown.push(section);
    }
    return shown;
}
