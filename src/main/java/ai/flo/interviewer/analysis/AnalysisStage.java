package ai.flo.interviewer.analysis;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stages of an analysis, in order, each a durable job: the one place that knows their
 * job types, what they are called while they run, what their jobs carry, and where a new
 * run starts.
 */
enum AnalysisStage {

	/**
	 * Normalise the audio and cut it into chunks (or take a session's own transcript).
	 */
	PREPARE("analysis.prepare", "preparing"),

	/** Transcribe the chunks and stitch them into one timeline. */
	TRANSCRIBE("analysis.transcribe", "transcribing"),

	/** The LLM steps, the scorecard and the report. */
	ASSESS("analysis.assess", "analysing");

	private final String jobType;

	private final String label;

	AnalysisStage(String jobType, String label) {
		this.jobType = jobType;
		this.label = label;
	}

	String jobType() {
		return this.jobType;
	}

	/** What the analysis is doing while this stage runs ("transcribing"). */
	String label() {
		return this.label;
	}

	/** What a stage's job carries: which analysis, and which of its runs. */
	record Job(String analysisId, int run) {

		String payload() {
			return "{\"analysisId\":\"" + this.analysisId + "\",\"run\":" + this.run + "}";
		}

		static Job parse(JsonMapper json, String payload) {
			JsonNode node = json.readTree(payload);
			return new Job(node.path("analysisId").asString(), node.path("run").asInt(1));
		}

	}

	/**
	 * Where a new run of an analysis starts: from what is already stored, so nothing is
	 * transcribed twice.
	 */
	static AnalysisStage rerunFrom(boolean hasTranscript, boolean hasChunks) {
		return hasTranscript ? ASSESS : hasChunks ? TRANSCRIBE : PREPARE;
	}

}
