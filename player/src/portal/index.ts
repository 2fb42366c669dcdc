/** Entry point of the portal bundle (/assets/portal.js): defines every portal element. */
import './lms-app.js';
