/**
 * Hiring setup: job records from a job description, the skills the LLM extracts from it,
 * and the interview questions generated per skill. LLM work runs as durable jobs; a
 * failure leaves a visible FAILED state with its reason.
 */
package ai.flo.interviewer.hiring;
