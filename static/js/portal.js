// Start the NHS.UK frontend components (header menu, error summary focus, radios, and so on).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
