// Swedish names of the API's codes (the server's domain names, src/domain/*.cpp SwedishName).
import { roleNames } from "./session";

export const deadlineKindText: Record<string, string> = {
    stance: "Ställningstagande",
    fk_callback: "Återkontakt från FK",
    fk_watch_review: "Bevakning hos FK",
    replan_after_fk_closed: "Ny planering efter att FK avslutat",
    certificate_running_out: "Läkarintyg löper ut",
    ae_ends_at_30: "Aktivitetsersättning upphör vid 30",
    consent_expiry: "Samtycke löper ut",
    sip_follow_up: "Uppföljning av SIP",
};

export const deadlineStatusText: Record<string, string> = {
    open: "Öppen",
    overdue: "Försenad",
    met: "Klar",
    lapsed: "Inaktuell",
};

export const responsibleText: Record<string, string> = {
    eb_caseworker: "Socialsekreterare",
    fk_mailbox: "FK:s funktionsbrevlåda",
    fk_handlaggare: "Personlig handläggare FK",
    eb_and_fk: "Socialsekreterare och FK",
    case_owner: "Ärendeägare",
    sip_coordinator: "SIP-samordnare",
};

export const stepText: Record<string, string> = {
    none: "Inget registrerat",
    identified: "Identifierad i målgruppen",
    mapping_meeting: "Kartläggningsmöte",
    sick_leave: "Sjukskrivning",
    stance: "Ställningstagande",
    fk_referral: "Remiss till FK",
    fk_coordination: "Samordnad rehabilitering (FK)",
    sip: "SIP",
    benefit: "Förmån sökt/beslutad",
    exited: "Avslutad från ekonomiskt bistånd",
};

// Parties, audit actions and mailbox states (the consent, log extract, referral and mailbox views).

export const partyText: Record<string, string> = {
    eb: "Ekonomiskt bistånd (kommunen)",
    fk: "Försäkringskassan",
    region: "Regionen (hälso- och sjukvården)",
    af: "Arbetsförmedlingen",
    ame: "Arbetsmarknadsenheten (kommunen)",
    nurse: "Kommunens sjuksköterska",
    forbund: "Samordningsförbundet",
    admin: "Administration",
};

// The parties a consent may name (the owner, EB, needs none).
export const consentParties = ["fk", "region", "af", "ame", "nurse"] as const;

export const mailboxStatusText: Record<string, string> = {
    open: "Väntar på återkontakt",
    overdue: "Försenad",
    called_back: "Återkontakt tagen",
};

// What an audit entry says was done; "record:<event type>" is "Registrerade …".
export const auditActionText: Record<string, string> = {
    read_person: "Läste ärendet",
    search_person: "Sökte fram personen",
    read_consents: "Läste samtyckena",
    read_log: "Läste loggutdraget",
    register_person: "Registrerade personen",
    consent_give: "Registrerade ett samtycke",
    consent_limit: "Begränsade ett samtycke",
    consent_revoke: "Återkallade ett samtycke",
    assign: "Tilldelade ärendet en handläggare",
    unassign: "Tog bort tilldelningen",
    record: "Försökte registrera en händelse",
    link_referral: "Kopplade en anonym remiss till ärendet",
    read_worklist: "Såg ärendet i arbetslistan",
    import: "Importerade uppgifter",
    import_check: "Kontrollerade en import",
};

// The person's own view (Mina sidor, issue 5): the person's own entries in the staff's log
// extract, and the caseworker's account actions.
partyText.person = "Personen själv";
roleNames.person = "Personen själv";
Object.assign(auditActionText, {
    own_account_create: "Skapade personens konto för Mina sidor",
    own_account_reset: "Gav personen en ny engångskod till Mina sidor",
    own_account_read: "Såg om personen har konto för Mina sidor",
    own_activate: "Personen loggade in första gången",
    own_login: "Personen loggade in på Mina sidor",
    own_logout: "Personen loggade ut från Mina sidor",
    own_read_consents: "Personen läste sina samtycken",
    own_read_log: "Personen läste sitt loggutdrag",
    own_consent_revoke: "Personen återkallade ett samtycke",
    own_denied: "Personen försökte öppna något som inte är hens",
});
// Meetings (issue 5 item 2): see meetings.ts for the rest.
export const meetingKindText: Record<string, string> = {
    kartlaggningsmote: "Kartläggningsmöte",
    avstamningsmote: "Avstämningsmöte",
    sip_mote: "SIP-möte",
};
