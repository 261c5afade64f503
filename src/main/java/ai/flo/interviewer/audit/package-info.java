/**
 * The audit log: who (which admin key, by name) read or changed what, and when; what the
 * system deleted on its own. For privacy reviewers and for operators.
 */
package ai.flo.interviewer.audit;
