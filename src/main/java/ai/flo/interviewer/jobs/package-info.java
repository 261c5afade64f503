/**
 * Durable background jobs: enqueued in the caller's transaction, claimed atomically by
 * one worker under a renewable lease, retried with exponential backoff, progress visible
 * through the API. Public surface: {@link ai.flo.interviewer.jobs.JobQueue},
 * {@link ai.flo.interviewer.jobs.JobHandler}, {@link ai.flo.interviewer.jobs.JobContext},
 * {@link ai.flo.interviewer.jobs.JobView}.
 */
package ai.flo.interviewer.jobs;
