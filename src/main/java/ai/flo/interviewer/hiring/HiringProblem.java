package ai.flo.interviewer.hiring;

/** Hiring failures the API reports as problems. */
sealed class HiringProblem extends RuntimeException {

	HiringProblem(String message) {
		super(message);
	}

	static final class NotFound extends HiringProblem {

		NotFound(String what, String id) {
			super("There is no " + what + " with id " + id + ".");
		}

	}

	static final class NotReady extends HiringProblem {

		NotReady(String recordId, Enums.RecordStatus status) {
			super("Record " + recordId + " is " + status
					+ ": questions can be generated once its skills are extracted (READY).");
		}

	}

	static final class NotFailed extends HiringProblem {

		NotFailed(String recordId, Enums.RecordStatus status) {
			super("Record " + recordId + " is " + status
					+ ": its skills are extracted again only after a failed extraction (FAILED).");
		}

	}

	static final class NoSkills extends HiringProblem {

		NoSkills(String recordId) {
			super("Record " + recordId + " has no skills: add one first.");
		}

	}

}
