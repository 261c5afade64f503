package ai.flo.interviewer.interview;

/** Session failures the API reports as problems. */
sealed class SessionProblem extends RuntimeException {

	SessionProblem(String message) {
		super(message);
	}

	static final class Unauthorized extends SessionProblem {

		Unauthorized() {
			super("Send this session's token (from joining) or an admin key as 'Authorization: Bearer <token>'.");
		}

	}

	static final class Closed extends SessionProblem {

		Closed(String id, InterviewSession.Status status) {
			super("Session " + id + " is " + status + ": it takes no more events.");
		}

	}

	static final class TooManyEvents extends SessionProblem {

		TooManyEvents(int max) {
			super("A session keeps at most " + max + " proctoring events; this batch was not stored.");
		}

	}

	static final class NotRejoinable extends SessionProblem {

		NotRejoinable(String id, InterviewSession.Status status) {
			super("Session " + id + " is " + status + ": its interview is over and cannot be joined again.");
		}

	}

	static final class NoResume extends SessionProblem {

		NoResume(String id) {
			super("Session " + id + " has no resume to draw questions from (or is a practice session).");
		}

	}

	static final class ResumeQuestionsRunning extends SessionProblem {

		ResumeQuestionsRunning(String id) {
			super("The questions from session " + id + "'s resume are being generated: wait for them.");
		}

	}

}
