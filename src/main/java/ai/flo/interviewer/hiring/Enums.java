package ai.flo.interviewer.hiring;

/** The vocabularies of hiring setup, as the LLM and the API use them. */
final class Enums {

	private Enums() {
	}

	enum RecordStatus {

		/** Skills are being extracted from the job description. */
		EXTRACTING,

		READY,

		/** Extraction failed; {@code failure} says why. */
		FAILED

	}

	enum Requirement {

		MANDATORY, OPTIONAL

	}

	enum Category {

		TECHNICAL, FUNCTIONAL, BEHAVIORAL, COGNITIVE

	}

	enum Difficulty {

		EASY, MEDIUM, HARD

	}

	enum QuestionsStatus {

		NONE, GENERATING, READY, FAILED

	}

	enum QuestionFormat {

		OPEN_ENDED, SCENARIO, CODING, SYSTEM_DESIGN, BEHAVIORAL

	}

}
