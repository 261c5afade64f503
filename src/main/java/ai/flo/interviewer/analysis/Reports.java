package ai.flo.interviewer.analysis;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The stored reports of an analysis's completed runs; asking for one that does not exist
 * says why (no such run, or not finished and where it stands).
 */
@Component
class Reports {

	private final AnalysisStore store;

	private final JsonMapper json;

	Reports(AnalysisStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	/** The report of run {@code run}, or of the latest completed run when null. */
	AnalysisReport of(AnalysisStore.Analysis analysis, Integer run) {
		String stored = this.store.report(analysis.id(), run)
			.orElseThrow(() -> (run != null)
					? new AnalysisProblem(HttpStatus.NOT_FOUND, "not-found", "Not found",
							"Analysis " + analysis.id() + " has no completed run " + run + " (completed: "
									+ this.store.runs(analysis.id()) + ").")
					: notReady(analysis.id(), "has no report yet: it is " + analysis.status() + " (" + analysis.stage()
							+ ")" + ((analysis.error() != null) ? ": " + analysis.error() : "")));
		return this.json.readValue(stored, AnalysisReport.class);
	}

	static AnalysisProblem notReady(String id, String what) {
		return new AnalysisProblem(HttpStatus.CONFLICT, "analysis-not-ready", "Not ready",
				"Analysis " + id + " " + what + ".");
	}

}
