// Chart.js with only what the follow-up's charts use (bar and line charts on category and
// linear scales, legend, tooltip), registered once. Imported dynamically by ReportView.vue, so
// that it is loaded only there and the rest of Chart.js is left out of the bundle.
import {
    BarController,
    BarElement,
    CategoryScale,
    Chart,
    Legend,
    LineController,
    LineElement,
    LinearScale,
    PointElement,
    Tooltip,
} from "chart.js";

Chart.register(BarController, LineController, BarElement, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
