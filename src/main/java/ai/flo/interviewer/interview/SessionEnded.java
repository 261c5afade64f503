package ai.flo.interviewer.interview;

/**
 * Published (inside the transaction that ends it) when a session becomes ENDED: the
 * analysis module turns a non-practice session into an analysis.
 */
public record SessionEnded(String sessionId, String interviewId, boolean practice) {
}
