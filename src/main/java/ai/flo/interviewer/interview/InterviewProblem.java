package ai.flo.interviewer.interview;

import java.time.Duration;

/** Interview failures the API reports as problems, each with its own type. */
sealed class InterviewProblem extends RuntimeException {

	InterviewProblem(String message) {
		super(message);
	}

	static final class NotFound extends InterviewProblem {

		NotFound(String what, String id) {
			super("There is no " + what + " with id " + id + ".");
		}

	}

	static final class CodeUnknown extends InterviewProblem {

		CodeUnknown() {
			super("This access code does not exist. Check it with the person who sent it.");
		}

	}

	static final class CodeRefused extends InterviewProblem {

		final Interview.Refusal refusal;

		CodeRefused(Interview.Refusal refusal) {
			super(switch (refusal) {
				case EXPIRED -> "This access code has expired. Ask for a new one.";
				case USED_UP -> "This access code has already been used as often as allowed. Ask for a new one.";
				case REVOKED -> "This interview was cancelled. Ask the person who invited you.";
			});
			this.refusal = refusal;
		}

	}

	static final class PracticeNotAllowed extends InterviewProblem {

		PracticeNotAllowed() {
			super("Practice is not enabled for this interview.");
		}

	}

	static final class TooManyAttempts extends InterviewProblem {

		final Duration retryAfter;

		TooManyAttempts(Duration retryAfter) {
			super("Too many attempts to join from this address. Try again in " + Math.max(1, retryAfter.toSeconds())
					+ " seconds.");
			this.retryAfter = retryAfter;
		}

	}

}
