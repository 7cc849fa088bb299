// The application's views and their Swedish paths. Every view but the login needs a session;
// a view a role has no use for is not in its menu (the server refuses what the role may not do).
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { homeOf, session, loadSession } from "./session";
import { ownGuard, setOwnEndedHandler } from "./own";

const routes: RouteRecordRaw[] = [
    { path: "/", name: "home", redirect: () => homeOf(session.user) },
    { path: "/logga-in", name: "login", component: () => import("./views/LoginView.vue"), meta: { title: "Logga in", public: true } },
    { path: "/mitt-arbete", name: "work", component: () => import("./views/MyWorkView.vue"), meta: { title: "Mitt arbete" } },
    { path: "/personer/:id", name: "person", component: () => import("./views/PersonView.vue"), meta: { title: "Ärendet" } },
    { path: "/personer/:id/samtycke", name: "consent", component: () => import("./views/ConsentView.vue"), meta: { title: "Samtycke" } },
    { path: "/personer/:id/logg", name: "log", component: () => import("./views/LogExtractView.vue"), meta: { title: "Loggutdrag" } },
    { path: "/sok", name: "search", component: () => import("./views/SearchView.vue"), meta: { title: "Sök person" } },
    { path: "/registrera", name: "register", component: () => import("./views/RegisterView.vue"), meta: { title: "Registrera" } },
    { path: "/kartlaggning", name: "import", component: () => import("./views/ImportView.vue"), meta: { title: "Kartläggning" } },
    { path: "/remiss", name: "referral", component: () => import("./views/ReferralView.vue"), meta: { title: "Remiss till FK" } },
    { path: "/brevlada", name: "mailbox", component: () => import("./views/MailboxView.vue"), meta: { title: "FK-brevlåda" } },
    { path: "/uppfoljning", name: "report", component: () => import("./views/ReportView.vue"), meta: { title: "Uppföljning" } },
    { path: "/enkater", name: "surveys", component: () => import("./views/SurveysView.vue"), meta: { title: "Enkäter" } },
    { path: "/kunskapsbank", name: "knowledge", component: () => import("./views/KnowledgeView.vue"), meta: { title: "Kunskapsbank" } },
    // Mina sidor (issue 5 item 3): the person's own view, with its own login and session (own.ts).
    // Seams for "Min plan", "Mina möten" and "Frågor till dig": routes go here (meta own: true).
    { path: "/mina-sidor", name: "own-home", component: () => import("./views/OwnHomeView.vue"), meta: { title: "Mina sidor", own: true } },
    { path: "/mina-sidor/logga-in", name: "own-login", component: () => import("./views/OwnLoginView.vue"), meta: { title: "Logga in på Mina sidor", own: true } },
    { path: "/mina-sidor/samtycken", name: "own-consents", component: () => import("./views/OwnConsentsView.vue"), meta: { title: "Mina samtycken", own: true } },
    { path: "/mina-sidor/vem-har-last", name: "own-log", component: () => import("./views/OwnLogView.vue"), meta: { title: "Vem har läst om mig", own: true } },
    // Mina sidor: the plan, the meetings and the questionnaires (issue 5 items 3 and 5).
    { path: "/mina-sidor/min-plan", name: "own-plan", component: () => import("./views/OwnPlanView.vue"), meta: { title: "Min plan", own: true } },
    { path: "/mina-sidor/moten", name: "own-meetings", component: () => import("./views/OwnMeetingsView.vue"), meta: { title: "Mina möten", own: true } },
    { path: "/mina-sidor/fragor", name: "own-surveys", component: () => import("./views/OwnSurveysView.vue"), meta: { title: "Frågor till dig", own: true } },
    // SIP (issue 5 item 1).
    { path: "/personer/:id/sip", name: "sips", component: () => import("./views/SipListView.vue"), meta: { title: "SIP" } },
    { path: "/sip/:sip", name: "sip", component: () => import("./views/SipView.vue"), meta: { title: "SIP" } },
    { path: "/sip-inbjudningar", name: "sip-invitations", component: () => import("./views/SipInvitationsView.vue"), meta: { title: "SIP-inbjudningar" } },
    // Issue 5: meetings.
    { path: "/moten", name: "meetings", component: () => import("./views/MeetingsView.vue"), meta: { title: "Möten" } },
    { path: "/moten/:meetingId", name: "meeting", component: () => import("./views/MeetingView.vue"), meta: { title: "Mötet" } },
    { path: "/:rest(.*)*", name: "missing", component: () => import("./views/NotFoundView.vue"), meta: { title: "Sidan finns inte", public: true } },
];

export const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
    // Mina sidor has its own session: the staff session is neither asked for nor used there.
    if (to.meta.own) return ownGuard(to);
    if (!session.checked) await loadSession().catch(() => null);
    if (!to.meta.public && !session.user) {
        return { name: "login", query: to.fullPath !== "/" ? { till: to.fullPath } : {} };
    }
    if (to.name === "login" && session.user) return homeOf(session.user);
    return true;
});

// Every view names itself in the document title (WCAG 2.4.2) and moves focus to its heading,
// so that a screen reader hears that the view changed.
router.afterEach((to) => {
    document.title = `${String(to.meta.title ?? "")} – ${to.meta.own ? "Mina sidor, " : ""}Rätt väg`;
});

// The person's session ended (Mina sidor): to the person's own login page, saying why.
setOwnEndedHandler((till) => {
    void router.push({ name: "own-login", query: till ? { till } : {} });
});
