// The SIP (samordnad individuell plan, issue 5 item 1) as the API sends it (/api/v1/sips/…),
// and its Swedish labels. The server checks every plan; the views only shape what is sent.

export interface SipGoal {
    id: string;
    text: string;
}
export interface SipIntervention {
    id: string;
    description: string;
    responsible: string;
    contact_name: string;
    contact_phone: string;
    start: string;
    end: string | null;
    status: string;
    goal_id: string | null;
}
export interface SipParticipant {
    name: string;
    party: string | null;
    role: string;
}
export interface SipPlan {
    goals: SipGoal[];
    interventions: SipIntervention[];
    others_do: string;
    coordinator_name: string;
    coordinator_party: string;
    participants: SipParticipant[];
    follow_up: string | null;
    person_consents: boolean;
    agreed_on: string | null;
}
export interface SipVersionHeader {
    number: number;
    created_at: string;
    author_name: string;
    author_party: string;
    comment: string;
}
export interface SipVersion extends SipVersionHeader {
    plan: SipPlan;
}
export interface SipInvitation {
    id: string;
    title: string;
    municipality: string;
    called_by: string;
    called_by_unit: string;
    called_by_unit_name: string;
    called_on: string;
    invited: string[];
    access?: "invitation" | "full";
    person_id?: string | null;
}
export interface SipFollowUp {
    due: string;
    overdue: boolean;
    coordinator_name: string;
    coordinator_party: string;
}
export interface Sip extends SipInvitation {
    latest: SipVersion;
    versions: SipVersionHeader[];
    follow_up: SipFollowUp | null;
}
export interface SipListItem extends SipInvitation {
    latest_version: number;
    updated_at: string;
    agreed_on: string | null;
    follow_up: SipFollowUp | null;
}
export interface SipChange {
    kind: "added" | "removed" | "changed";
    kind_label: string;
    item: string;
    item_label: string;
    id: string;
    field: string;
    field_label: string;
    before: string;
    after: string;
    summary: string;
}
export interface SipComparison {
    from: SipVersionHeader;
    to: SipVersionHeader;
    changes: SipChange[];
}

export const interventionStatusText: Record<string, string> = {
    planned: "Planerad",
    ongoing: "Pågår",
    done: "Klar",
    cancelled: "Avbruten",
};

// The parties of a SIP, by the short names people use in a plan.
export const sipParties = ["eb", "fk", "region", "af", "ame", "nurse"] as const;

// The time of a version as people read it: 2026-11-27 14:03 (UTC, as stored).
export function versionTime(createdAt: string): string {
    return createdAt.length >= 16 ? `${createdAt.slice(0, 10)} ${createdAt.slice(11, 16)}` : createdAt;
}

export function emptyPlan(): SipPlan {
    return {
        goals: [],
        interventions: [],
        others_do: "",
        coordinator_name: "",
        coordinator_party: "eb",
        participants: [],
        follow_up: null,
        person_consents: false,
        agreed_on: null,
    };
}
