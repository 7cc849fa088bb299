// Who is logged in, shared by every view. The session itself is the server's HttpOnly cookie;
// this only keeps what GET /api/v1/session answered, and the CSRF token for changes.
import { reactive } from "vue";
import { api, ApiError, setCsrfToken } from "./api";

export interface Unit {
    id: string;
    name: string;
    kind: string; // eb, fk, region, af, ame, nurse, forbund, admin
    municipality: string;
    area: string[];
}

export interface User {
    id: string;
    username: string;
    display_name: string;
    role: string;
    totp: boolean;
    unit: Unit;
}

interface SessionAnswer {
    user: User;
    csrf_token: string;
}

export const session = reactive<{ user: User | null; checked: boolean; expired: boolean }>({
    user: null,
    checked: false,
    expired: false,
});

export const roleNames: Record<string, string> = {
    socialsekreterare: "Socialsekreterare",
    kontaktperson_eb: "Kontaktperson EB",
    enhetschef: "Enhetschef",
    personlig_handlaggare_fk: "Personlig handläggare FK",
    rehabsamordnare: "Rehabsamordnare",
    af_handlaggare: "Handläggare Arbetsförmedlingen",
    ame_handlaggare: "Handläggare arbetsmarknadsenheten",
    sjukskoterska: "Sjuksköterska",
    forbund_analyst: "Analytiker samordningsförbund",
    administrator: "Administratör",
};

// Asks the server whether the cookie still holds a session.
export async function loadSession(): Promise<User | null> {
    try {
        const { data } = await api.get<SessionAnswer>("/session");
        setCsrfToken(data.csrf_token);
        session.user = data.user;
    } catch (error) {
        if (!(error instanceof ApiError) || error.status !== 401) throw error;
        session.user = null;
    } finally {
        session.checked = true;
    }
    return session.user;
}

export interface LoginAnswer {
    user?: User;
    csrf_token?: string;
}

export async function logIn(username: string, password: string, totp?: string): Promise<User> {
    const body: Record<string, string> = { username, password };
    if (totp) body.code = totp;
    const { data } = await api.post<SessionAnswer>("/session", body, { quietUnauthorized: true });
    setCsrfToken(data.csrf_token);
    session.user = data.user;
    session.expired = false;
    session.checked = true;
    return data.user;
}

export async function logOut(): Promise<void> {
    try {
        await api.delete("/session");
    } finally {
        setCsrfToken("");
        session.user = null;
    }
}

// The view a user starts on: the work of their role.
export function homeOf(user: User | null): string {
    if (!user) return "/logga-in";
    if (user.unit.kind === "eb") return "/mitt-arbete";
    if (user.unit.kind === "fk") return "/brevlada";
    if (user.role === "forbund_analyst") return "/uppfoljning";
    if (user.role === "administrator") return "/kunskapsbank";
    return "/sok";
}

// What the user's role may do in the application (the server decides; this only chooses what
// to offer).
export function can(what: "worklist" | "cases" | "register" | "referral" | "mailbox" | "report" | "admin" | "unitList" | "surveys"): boolean {
    const user = session.user;
    if (!user) return false;
    const kind = user.unit.kind;
    switch (what) {
        case "worklist":
            return kind === "eb";
        case "cases":
            return user.role !== "forbund_analyst" && user.role !== "administrator";
        case "register":
            return kind === "eb" && user.role !== "enhetschef";
        case "referral":
            return kind === "eb";
        case "mailbox":
            return kind === "fk";
        case "report":
            return user.role === "forbund_analyst" || kind === "eb";
        case "admin":
            return user.role === "administrator";
        case "unitList":
            return user.role === "enhetschef";
        case "surveys": // Questionnaires (issue 5 item 5): the parties' staff.
            return ["eb", "fk", "region", "af", "ame", "nurse"].includes(kind);
    }
}
