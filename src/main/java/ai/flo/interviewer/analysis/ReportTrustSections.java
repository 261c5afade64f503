package ai.flo.interviewer.analysis;

import java.util.List;

import ai.flo.interviewer.analysis.AnalysisReport.Assessability;
import ai.flo.interviewer.analysis.AnalysisReport.Consent;
import ai.flo.interviewer.analysis.AnalysisReport.Fairness;
import ai.flo.interviewer.analysis.AnalysisReport.FairnessSkill;
import ai.flo.interviewer.analysis.AnalysisReport.FairnessSubstitution;
import ai.flo.interviewer.analysis.AnalysisReport.Flag;
import ai.flo.interviewer.analysis.AnalysisReport.Integrity;
import ai.flo.interviewer.analysis.AnalysisReport.ProctoringItem;
import ai.flo.interviewer.analysis.AnalysisReport.ProctoringReport;

import static ai.flo.interviewer.analysis.ReportHtml.COMPLETED;
import static ai.flo.interviewer.analysis.ReportHtml.capitalised;
import static ai.flo.interviewer.analysis.ReportHtml.label;
import static ai.flo.interviewer.analysis.ReportHtml.list;
import static ai.flo.interviewer.analysis.ReportHtml.plural;
import static ai.flo.interviewer.analysis.ReportHtml.points;
import static ai.flo.interviewer.analysis.ReportHtml.reason;
import static ai.flo.interviewer.analysis.ReportHtml.slug;
import static ai.flo.interviewer.analysis.ReportHtml.time;

/**
 * The report's sections on whether it can be trusted: whether the recording could be
 * assessed, the interview's integrity and proctoring, the candidate's consent, the
 * fairness check. Part of {@link ReportRenderer}.
 */
final class ReportTrustSections {

	private ReportTrustSections() {
	}

	/** The consent row: given when, to which text; or why there is none of ours. */
	static String consent(Consent consent) {
		if (consent == null) {
			return null;
		}
		if (!consent.recorded()) {
			return capitalised(consent.basis());
		}
		return "Given " + ((consent.givenAt() != null) ? COMPLETED.format(consent.givenAt()) : "(time unknown)")
				+ ", consent text version " + consent.version() + ": " + consent.basis();
	}

	/**
	 * The fairness check of this run, when one was run: the verdict, per skill both
	 * scores and their difference, and what was swapped.
	 */
	static void fairness(ReportHtml h, Fairness fairness) {
		h.raw("<section id=\"fairness\">\n<h2>Fairness check</h2>\n");
		if (fairness == null || "NOT_RUN".equals(fairness.status())) {
			h.raw("<p class=\"muted\" id=\"fairness-status\">Not run. An operator can run a counterfactual check: "
					+ "the transcript re-assessed with the candidate's name and background swapped.</p>\n</section>\n");
			return;
		}
		h.raw("<p id=\"fairness-status\">");
		switch (fairness.status()) {
			case "COMPLETED" -> h.raw("<span class=\"grade\" id=\"fairness-verdict\">")
				.text(label(fairness.verdict()))
				.raw("</span>: ")
				.text("PASSED".equals(fairness.verdict())
						? "every skill's score moved by at most " + points(fairness.tolerance())
						: "at least one skill's score moved by more than " + points(fairness.tolerance())
								+ ", or was scored in one reading only,")
				.text(" when the candidate's name and background were swapped.");
			case "FAILED" -> h.raw("<span class=\"absent\" id=\"fairness-verdict\">Failed: ")
				.text(reason(fairness.reason()))
				.raw("</span>");
			default ->
				h.raw("<span class=\"muted\" id=\"fairness-verdict\">").text(label(fairness.status())).raw("</span>");
		}
		h.raw("</p>\n<p class=\"muted\" id=\"fairness-basis\">")
			.text("Run " + fairness.run() + ", substitution list version " + fairness.listVersion() + ", tolerance "
					+ points(fairness.tolerance()) + "; requested "
					+ ((fairness.requestedAt() != null) ? COMPLETED.format(fairness.requestedAt()) : "")
					+ ((fairness.completedAt() != null) ? ", finished " + COMPLETED.format(fairness.completedAt()) : "")
					+ ".")
			.raw("</p>\n");
		if ("COMPLETED".equals(fairness.status()) && fairness.reason() != null) {
			h.raw("<p class=\"muted\" id=\"fairness-note\">").text(capitalised(fairness.reason()) + ".").raw("</p>\n");
		}
		List<FairnessSkill> skills = list(fairness.skills());
		if (!skills.isEmpty()) {
			h.raw("<table class=\"keep\" id=\"fairness-skills\">\n<thead><tr><th>Skill</th><th>Report</th>"
					+ "<th>Counterfactual</th><th>Difference</th></tr></thead>\n<tbody>\n");
			int n = 0;
			for (FairnessSkill skill : skills) {
				String id = "fairness-skill-" + (++n);
				h.raw("<tr id=\"").raw(id).raw("\"><td>").text(skill.skill()).raw("</td><td>");
				h.text((skill.originalScore() != null) ? String.valueOf(skill.originalScore()) : "–").raw("</td><td>");
				h.text((skill.counterfactualScore() != null) ? String.valueOf(skill.counterfactualScore()) : "–")
					.raw("</td><td id=\"")
					.raw(id)
					.raw("-difference\" class=\"")
					.raw(skill.withinTolerance() ? "grade" : "alert-text")
					.raw("\">");
				if (skill.difference() != null) {
					h.text(((skill.difference() > 0) ? "+" : "") + skill.difference());
				}
				else {
					h.text(reason(skill.note()));
				}
				h.raw("</td></tr>\n");
			}
			h.raw("</tbody>\n</table>\n");
		}
		List<FairnessSubstitution> substitutions = list(fairness.substitutions());
		if ("COMPLETED".equals(fairness.status())) {
			h.raw("<p class=\"muted\" id=\"fairness-substitutions\">");
			if (substitutions.isEmpty()) {
				h.text("Nothing was swapped: no term of the list occurs in the transcript.");
			}
			else {
				h.text("Swapped: " + String.join("; ", substitutions.stream()
					.map((s) -> s.category() + " “" + s.from() + "” became “" + s.to() + "” (" + s.count() + "×)")
					.toList()) + ".");
			}
			h.raw("</p>\n");
		}
		h.raw("</section>\n");
	}

	static void assessability(ReportHtml h, Assessability assessability) {
		if (assessability == null || assessability.assessable()) {
			return;
		}
		h.raw("<section id=\"not-assessable\" class=\"alert\">\n<h2>Not assessable</h2>\n<p id=\"not-assessable-reason\">")
			.text(capitalised(reason(assessability.reason())) + ".")
			.raw("</p>\n<p class=\"muted\">No score is given: this is decided by our code from the verbatim "
					+ "transcript (")
			.text(assessability.basis())
			.raw("), whatever a model might answer, and the model was not asked.</p>\n</section>\n");
	}

	static void integrity(ReportHtml h, Integrity integrity) {
		if (integrity == null) {
			return;
		}
		h.raw("<section id=\"integrity\">\n<h2>Integrity</h2>\n");
		List<Flag> flags = list(integrity.flags());
		if (flags.isEmpty()) {
			h.raw("<p class=\"muted\" id=\"integrity-none\">No instruction-like text found in ")
				.text(integrity.checked())
				.raw(".</p>\n</section>\n");
			return;
		}
		h.raw("<p class=\"alert-text\" id=\"integrity-warning\">Found by our code in ")
			.text(integrity.checked())
			.raw(": speech addressed to the model that grades the interview. The model read the transcript as "
					+ "untrusted data, and a quote of these words is no evidence; read these lines before trusting "
					+ "the scores.</p>\n<ul class=\"red-flags\" id=\"integrity-flags\">");
		int n = 0;
		for (Flag flag : flags) {
			h.raw("<li id=\"flag-").raw(String.valueOf(++n)).raw("\">");
			if (flag.startMs() != null) {
				h.raw("<span class=\"time\">[").text(time(flag.startMs())).raw("]</span> ");
			}
			h.text(flag.description()).raw("\n<div class=\"quote\">“").text(flag.excerpt()).raw("”</div></li>");
		}
		h.raw("</ul>\n</section>\n");
	}

	/**
	 * The session's proctoring integrity score and what took from it: every kind of
	 * event, counted or not.
	 */
	static void proctoring(ReportHtml h, ProctoringReport proctoring) {
		if (proctoring == null) {
			return;
		}
		h.raw("<section id=\"proctoring\" class=\"keep\">\n<h2>Proctoring</h2>\n<p><span class=\"grade\" "
				+ "id=\"proctoring-score\">")
			.text(proctoring.score() + "/100")
			.raw("</span> integrity score, from ")
			.text(proctoring.events() + " event" + plural(proctoring.events()))
			.raw(" the candidate's browser reported. <span class=\"muted\">It starts at 100 and each kind of event "
					+ "takes points, up to its cap; it describes behaviour to look at and proves nothing on its own.</span>"
					+ "</p>\n");
		h.raw("<table class=\"proctoring\" id=\"proctoring-breakdown\">\n<thead><tr><th>Event</th><th>Count</th>"
				+ "<th>Points each</th><th>Penalty</th><th>Cap</th></tr></thead>\n<tbody>\n");
		for (ProctoringItem item : list(proctoring.breakdown())) {
			h.raw("<tr id=\"proctoring-")
				.raw(slug(item.type()))
				.raw("\"><td>")
				.text(label(item.type()))
				.raw("</td><td>")
				.text(Integer.toString(item.count()))
				.raw("</td><td>")
				.text(Integer.toString(item.pointsEach()))
				.raw("</td><td>")
				.text((item.penalty() > 0) ? "-" + item.penalty() : "0")
				.raw("</td><td>")
				.text(Integer.toString(item.cap()))
				.raw("</td></tr>\n");
		}
		h.raw("</tbody>\n</table>\n</section>\n");
	}

}
