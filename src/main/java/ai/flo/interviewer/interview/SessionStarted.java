package ai.flo.interviewer.interview;

/**
 * Published (inside the transaction that makes it LIVE) when a session's interview
 * starts: the candidate is in the room.
 */
public record SessionStarted(String sessionId, String interviewId, boolean practice) {
}
