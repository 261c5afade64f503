package ai.flo.interviewer.interview;

import java.time.Instant;

import ai.flo.interviewer.hiring.SkillLevel;

/** What the interview API shows. */
final class Views {

	private Views() {
	}

	/**
	 * @param accessCode the code itself: present only in the answer that issued it
	 * @param accessCodeHint its last characters, always
	 */
	record InterviewView(String id, String recordId, String role, SkillLevel skillLevel, int lengthMinutes,
			boolean practiceAllowed, Interview.Status status, String accessCode, String accessCodeHint,
			Instant accessCodeExpiresAt, int maxUses, int uses, Instant createdAt, Instant updatedAt) {
	}

	record SessionView(String id, String interviewId, String candidateName, boolean practice, String roomName,
			InterviewSession.Status status, String failure, Instant createdAt, Instant startedAt, Instant endedAt,
			ResumeQuestionsState resumeQuestions, Consent consent) {
	}

	/** The consent text's version the candidate agreed to, and when. */
	record Consent(String version, Instant at) {
	}

	/** What a candidate is asked to agree to before joining. */
	record ConsentText(String version, String text) {
	}

	/** Where the questions drawn from the session's resume stand, and why they failed. */
	record ResumeQuestionsState(InterviewSession.ResumeQuestionsStatus status, String failure) {
	}

	record TranscriptEntry(int seq, String speaker, String text, long startMs, long endMs) {
	}

	/** The integrity score (0-100) and how each kind of event took from it. */
	record Integrity(int score, int events, java.util.List<IntegrityItem> breakdown) {
	}

	record IntegrityItem(ProctoringType type, int count, int penalty, int cap) {
	}

	/**
	 * One proctoring event as the candidate's browser reported it.
	 *
	 * @param at when it happened (the browser's clock, or its arrival when it gave none)
	 * @param receivedAt when the server received it
	 */
	record ProctoringEvent(ProctoringType type, Instant at, Instant receivedAt, Long durationMs, String detail) {
	}

	/**
	 * The answer to a successful join: everything the front end needs to enter the room.
	 */
	record JoinResult(String serverUrl, String participantToken, String roomName, String participantName,
			String sessionId, String sessionToken) {
	}

}
