/**
 * Signed webhooks to the hiring system (an applicant tracking system): events about
 * sessions, analyses and records, delivered as JSON signed per the Standard Webhooks
 * specification by durable jobs with retries, each delivery visible through the API.
 */
package ai.flo.interviewer.webhooks;
