// Swedish names of the API's codes (the server's domain names, src/domain/*.cpp SwedishName).

export const deadlineKindText: Record<string, string> = {
    stance: "Ställningstagande",
    fk_callback: "Återkontakt från FK",
    fk_watch_review: "Bevakning hos FK",
    replan_after_fk_closed: "Ny planering efter att FK avslutat",
    certificate_running_out: "Läkarintyg löper ut",
    ae_ends_at_30: "Aktivitetsersättning upphör vid 30",
    consent_expiry: "Samtycke löper ut",
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
