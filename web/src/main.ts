import { createApp } from "vue";
import { ValidationPlugin, setRunningContext } from "@fkui/vue";
import "@fkui/theme-default/dist/theme-light.css";
import "@fkui/design/lib/fkui.min.css";
import "./theme.css";
import App from "./App.vue";
import { router } from "./router";
import { setUnauthorizedHandler } from "./api";
import { session } from "./session";
import { injectIcons } from "./icons";

injectIcons();
const app = createApp(App);
app.use(router);
app.use(ValidationPlugin);
setRunningContext(app);

// A 401 from any request: the session has ended. Back to the login page, saying why, and then
// back to where the user was.
setUnauthorizedHandler(() => {
    if (!session.user) return;
    session.user = null;
    session.expired = true;
    const here = router.currentRoute.value;
    if (here.name !== "login") void router.push({ name: "login", query: { till: here.fullPath } });
});

app.mount("#app");
// User Timing mark for the benchmark (bench/web): the first view is routed and mounted.
void router.isReady().then(() => performance.mark("rv-first-view"));
