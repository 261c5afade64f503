package ai.flo.interviewer.analysis;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionRecords;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The stored reports of an analysis's completed runs; asking for one that does not exist
 * says why (no such run, or not finished and where it stands). A report is shown with
 * what is not stored with its run: the session's consent and the run's latest fairness
 * check.
 */
@Component
class Reports {

	static final String UPLOADED = "not recorded by us (uploaded): the recording or transcript was made elsewhere, "
			+ "and the candidate's consent to it is the uploader's to obtain";

	private final AnalysisStore store;

	private final JsonMapper json;

	private final SessionRecords sessions;

	private final FairnessChecks fairness;

	Reports(AnalysisStore store, JsonMapper json, SessionRecords sessions, FairnessChecks fairness) {
		this.store = store;
		this.json = json;
		this.sessions = sessions;
		this.fairness = fairness;
	}

	/**
	 * The report of run {@code run}, or of the latest completed run when null, with the
	 * consent and the fairness check.
	 */
	AnalysisReport of(AnalysisStore.Analysis analysis, Integer run) {
		AnalysisReport report = stored(analysis, run);
		return report.with(consent(analysis),
				this.fairness.latest(analysis.id(), report.run())
					.map(FairnessChecks.Check::view)
					.orElseGet(AnalysisReport.Fairness::notRun));
	}

	private AnalysisReport.Consent consent(AnalysisStore.Analysis analysis) {
		if (analysis.kind() != AnalysisStore.Kind.SESSION || analysis.sessionId() == null) {
			return new AnalysisReport.Consent(false, null, null, UPLOADED);
		}
		return this.sessions.consent(analysis.sessionId())
			.map((c) -> new AnalysisReport.Consent(true, c.version(), c.givenAt(),
					"given by the candidate on the interview page before joining"))
			.orElseGet(() -> new AnalysisReport.Consent(false, null, null,
					"no consent is stored with this session (it was created before consent was recorded)"));
	}

	/**
	 * The report of run {@code run} as stored, or of the latest completed run when null.
	 */
	AnalysisReport stored(AnalysisStore.Analysis analysis, Integer run) {
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
