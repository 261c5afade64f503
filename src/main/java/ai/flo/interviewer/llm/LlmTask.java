package ai.flo.interviewer.llm;

/** What a call is for; each task has its own provider and model (configuration). */
public enum LlmTask {

	/** Skills and questions from a job description. */
	GENERATION,

	/** Interview analysis and reports. */
	ANALYSIS,

	/** Resume parsing and resume questions (a smaller model by default). */
	RESUME_PARSING,

	/** The interviewer's turns in a live interview. */
	INTERVIEW

}
