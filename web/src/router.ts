// The application's views and their Swedish paths. Every view but the login needs a session;
// a view a role has no use for is not in its menu (the server refuses what the role may not do).
import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";
import { homeOf, session, loadSession } from "./session";

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
    { path: "/:rest(.*)*", name: "missing", component: () => import("./views/NotFoundView.vue"), meta: { title: "Sidan finns inte", public: true } },
];

export const router = createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior: () => ({ top: 0 }),
});

router.beforeEach(async (to) => {
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
    document.title = `${String(to.meta.title ?? "")} – Rätt väg`;
});
