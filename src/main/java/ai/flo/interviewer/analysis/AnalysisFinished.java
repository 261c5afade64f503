package ai.flo.interviewer.analysis;

/**
 * Published when a run of an analysis has COMPLETED (with its overall score, which may be
 * absent with a reason in the report) or FAILED (with the reason).
 *
 * @param overall the scorecard's overall score, or null (failed, or not scored)
 * @param error why it failed, or null
 */
public record AnalysisFinished(String analysisId, String sessionId, String recordId, int run, boolean completed,
		Integer overall, String error) {
}
