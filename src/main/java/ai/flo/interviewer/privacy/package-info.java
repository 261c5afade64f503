/**
 * Storage limitation: what is kept how long ({@code FLO_RETENTION_*}), swept once a day
 * by a job on the worker. The modules that hold data delete what is due when told
 * ({@link ai.flo.interviewer.privacy.RetentionDue}); what went is logged and audited.
 */
package ai.flo.interviewer.privacy;
