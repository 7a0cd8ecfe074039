/** The workflow test app (reference rulesets, people with delegation levels), for the privacy tests. */
export { ADMIN, AUDITOR, FakeClock, escalate, startWorkflowApp, FACTS as B2B_FACTS_ESCALATING } from '../workflow/workflow-app.js';
