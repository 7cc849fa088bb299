// The API of `rattvag serve` (/api/v1, described by /api/v1/openapi.json), as the views use it.
// Every state-changing request carries the session's CSRF token; a 401 means the session has
// ended (idle or absolute timeout, logout elsewhere, a disabled user), and the application
// sends the user to the login page with the reason (see session.ts).

export interface ApiErrorBody {
    error?: { field?: string; reason?: string };
    errors?: { line?: number; field?: string; reason?: string }[];
}

// An answer with a status of 400 or more: the status and the field and reason the server named.
export class ApiError extends Error {
    constructor(
        readonly status: number,
        readonly field: string,
        readonly reason: string,
        readonly body: ApiErrorBody | null,
    ) {
        super(field ? `${field}: ${reason}` : reason);
    }
}

let csrfToken = "";
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string): void {
    csrfToken = token;
}

// Called when any request answers 401 (except the login itself).
export function setUnauthorizedHandler(handler: () => void): void {
    onUnauthorized = handler;
}

export interface ApiOptions {
    body?: unknown; // Sent as JSON.
    text?: string; // Sent as is (an uploaded file), with `contentType`.
    contentType?: string;
    ifMatch?: string; // The ETag the change is based on (optimistic concurrency).
    query?: Record<string, string | number | boolean | undefined>;
    quietUnauthorized?: boolean; // A 401 is just an error (the login form).
}

export interface ApiResponse<T> {
    status: number;
    data: T;
    etag: string | null;
}

function url(path: string, query?: ApiOptions["query"]): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query ?? {})) {
        if (value !== undefined && value !== "") params.set(name, String(value));
    }
    const q = params.toString();
    return `/api/v1${path}${q ? `?${q}` : ""}`;
}

export async function request<T>(method: string, path: string, options: ApiOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    let body: string | undefined;
    if (options.body !== undefined) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(options.body);
    } else if (options.text !== undefined) {
        headers["Content-Type"] = options.contentType ?? "text/plain";
        body = options.text;
    }
    if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
    if (options.ifMatch) headers["If-Match"] = options.ifMatch;
    let response: Response;
    try {
        response = await fetch(url(path, options.query), {
            method,
            headers,
            body,
            credentials: "same-origin",
            cache: "no-store",
        });
    } catch {
        throw new ApiError(0, "", "Servern svarar inte. Kontrollera nätverket och försök igen.", null);
    }
    const text = await response.text();
    let data: unknown = null;
    if (text && (response.headers.get("Content-Type") ?? "").includes("json")) {
        try {
            data = JSON.parse(text);
        } catch {
            data = null;
        }
    } else {
        data = text;
    }
    if (response.status === 401 && !options.quietUnauthorized) onUnauthorized?.();
    if (response.status >= 400) {
        const errorBody = (data && typeof data === "object" ? data : null) as ApiErrorBody | null;
        throw new ApiError(
            response.status,
            errorBody?.error?.field ?? "",
            errorBody?.error?.reason ?? response.statusText,
            errorBody,
        );
    }
    return { status: response.status, data: data as T, etag: response.headers.get("ETag") };
}

export const api = {
    get: <T>(path: string, query?: ApiOptions["query"]) => request<T>("GET", path, { query }),
    post: <T>(path: string, body?: unknown, options: ApiOptions = {}) =>
        request<T>("POST", path, { ...options, body }),
    patch: <T>(path: string, body?: unknown, options: ApiOptions = {}) =>
        request<T>("PATCH", path, { ...options, body }),
    put: <T>(path: string, body?: unknown, options: ApiOptions = {}) =>
        request<T>("PUT", path, { ...options, body }),
    delete: <T>(path: string, options: ApiOptions = {}) => request<T>("DELETE", path, options),
};

// The message to show for an error of the API, in Swedish where we know the case.
export function errorMessage(error: unknown): string {
    if (error instanceof ApiError) {
        switch (error.status) {
            case 0:
                return error.reason;
            case 401:
                return "Du är inte inloggad längre. Logga in igen.";
            case 403:
                return "Du har inte behörighet att göra detta.";
            case 404:
                return "Uppgiften finns inte, eller så har du inte tillgång till den.";
            case 409:
                return "Någon annan har ändrat ärendet under tiden. Ladda om sidan och försök igen.";
            case 413:
                return "Filen är för stor.";
            case 429:
                return "För många försök. Vänta en stund och försök igen.";
            default:
                return error.field ? `${error.field}: ${error.reason}` : error.reason;
        }
    }
    return error instanceof Error ? error.message : String(error);
}

// A file answered by a POST (a form as PDF, issue 5): the bytes as a Blob and the file name of
// its Content-Disposition. Errors as `request` (ApiError with status, field and reason).
export async function postForFile(path: string, body: unknown): Promise<{ blob: Blob; filename: string }> {
    const headers: Record<string, string> = { Accept: "application/pdf, application/json", "Content-Type": "application/json" };
    if (csrfToken) headers["X-CSRF-Token"] = csrfToken;
    let response: Response;
    try {
        response = await fetch(url(path), {
            method: "POST",
            headers,
            body: JSON.stringify(body),
            credentials: "same-origin",
            cache: "no-store",
        });
    } catch {
        throw new ApiError(0, "", "Servern svarar inte. Kontrollera nätverket och försök igen.", null);
    }
    if (response.status === 401) onUnauthorized?.();
    if (response.status >= 400) {
        let errorBody: ApiErrorBody | null = null;
        try {
            errorBody = (await response.json()) as ApiErrorBody;
        } catch {
            errorBody = null;
        }
        throw new ApiError(
            response.status,
            errorBody?.error?.field ?? "",
            errorBody?.error?.reason ?? response.statusText,
            errorBody,
        );
    }
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "blankett.pdf";
    return { blob: await response.blob(), filename };
}
