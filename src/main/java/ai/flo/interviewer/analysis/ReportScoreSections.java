package ai.flo.interviewer.analysis;

import java.util.List;

import org.springframework.stereotype.Component;

import ai.flo.interviewer.analysis.AnalysisReport.Evidence;
import ai.flo.interviewer.analysis.AnalysisReport.Insights;
import ai.flo.interviewer.analysis.AnalysisReport.Integrity;
import ai.flo.interviewer.analysis.AnalysisReport.PlanQuestion;
import ai.flo.interviewer.analysis.AnalysisReport.PlanReport;
import ai.flo.interviewer.analysis.AnalysisReport.QuestionAnswer;
import ai.flo.interviewer.analysis.AnalysisReport.Scorecard;
import ai.flo.interviewer.analysis.AnalysisReport.SkillAssessment;

import static ai.flo.interviewer.analysis.ReportHtml.band;
import static ai.flo.interviewer.analysis.ReportHtml.bullets;
import static ai.flo.interviewer.analysis.ReportHtml.capitalised;
import static ai.flo.interviewer.analysis.ReportHtml.evidence;
import static ai.flo.interviewer.analysis.ReportHtml.label;
import static ai.flo.interviewer.analysis.ReportHtml.list;
import static ai.flo.interviewer.analysis.ReportHtml.notScored;
import static ai.flo.interviewer.analysis.ReportHtml.number;
import static ai.flo.interviewer.analysis.ReportHtml.plural;
import static ai.flo.interviewer.analysis.ReportHtml.reason;
import static ai.flo.interviewer.analysis.ReportHtml.slug;
import static ai.flo.interviewer.analysis.ReportHtml.time;

/**
 * The report's sections on the candidate's answers: summary, scorecard, recommendation,
 * skills, and the questions (graded against the interview's plan when it has one). Part
 * of {@link ReportRenderer}.
 */
final class ReportScoreSections {

	private ReportScoreSections() {
	}

	static void summary(ReportHtml h, String summary) {
		h.raw("<section id=\"summary\">\n<h2>Executive summary</h2>\n");
		if (summary == null || summary.isBlank()) {
			h.raw("<p class=\"muted\">No summary.</p>\n");
		}
		else {
			for (String paragraph : summary.strip().split("\\R\\s*\\R")) {
				h.raw("<p class=\"text\">").text(paragraph.strip()).raw("</p>\n");
			}
		}
		h.raw("</section>\n");
	}

	static void scorecard(ReportHtml h, Scorecard scorecard) {
		h.raw("<section id=\"scorecard\">\n<h2>Scorecard</h2>\n");
		if (scorecard == null) {
			h.raw("<p class=\"absent\">No scorecard.</p>\n</section>\n");
			return;
		}
		boolean partial = "PARTIAL".equals(scorecard.status());
		h.raw("<div class=\"overall\">Overall ");
		if (scorecard.overall() != null) {
			h.raw("<span id=\"overall-score\" class=\"value\">")
				.text(String.valueOf(scorecard.overall()))
				.raw("</span><span class=\"of\"> / 100</span>");
			if (partial) {
				h.raw(" <span id=\"overall-status\" class=\"partial\">partial</span>");
			}
		}
		else {
			h.raw("<span id=\"overall-score\" class=\"absent\">");
			notScored(h, scorecard.absentReason());
			h.raw("</span>");
		}
		h.raw("</div>\n");
		if (scorecard.basis() != null) {
			h.raw("<p id=\"overall-basis\" class=\"")
				.raw(partial ? "partial-note" : "muted")
				.raw("\">")
				.text(capitalised(scorecard.basis()) + ".")
				.raw("</p>\n");
		}
		h.raw("<table class=\"chart\">\n");
		for (Scorecard.Component component : list(scorecard.components())) {
			String id = "component-" + slug(component.name());
			h.raw("<tr class=\"bar-row\" id=\"")
				.raw(id)
				.raw("\"><td class=\"bar-label\">")
				.text(label(component.name()));
			h.raw(" <span class=\"muted\" id=\"").raw(id).raw("-weight\">(weight ").text(number(component.weight()));
			if (component.share() != null) {
				h.text("; " + Scoring.percent(component.share()) + " of the overall");
			}
			else if (scorecard.status() != null && scorecard.overall() != null) {
				h.text("; not counted");
			}
			h.raw(")</span>");
			if (component.basis() != null) {
				h.raw("<div class=\"component-basis muted\">").text(component.basis()).raw("</div>");
			}
			h.raw("</td>");
			if (component.score() != null) {
				int width = Math.max(0, Math.min(100, component.score()));
				h.raw("<td class=\"bar-cell\"><div class=\"bar-track\"><div class=\"bar-fill ")
					.raw(band(component.score()))
					.raw("\" style=\"width: ")
					.raw(String.valueOf(width))
					.raw("%;\"></div></div></td>");
				h.raw("<td class=\"bar-value\" id=\"")
					.raw(id)
					.raw("-score\">")
					.text(String.valueOf(component.score()))
					.raw("</td>");
			}
			else {
				// No bar at all: an empty track would read as zero.
				h.raw("<td class=\"absent\" colspan=\"2\" id=\"").raw(id).raw("-score\">");
				notScored(h, component.absentReason());
				h.raw("</td>");
			}
			h.raw("</tr>\n");
		}
		h.raw("</table>\n");
		if (scorecard.weightsFrom() != null) {
			h.raw("<p class=\"muted\" id=\"weights-from\">Weights from ")
				.text(scorecard.weightsFrom())
				.raw("; parts without a score drop out and the others are renormalised.</p>\n");
		}
		h.raw("</section>\n");
	}

	static void recommendation(ReportHtml h, Insights insights, Integrity integrity) {
		h.raw("<section id=\"recommendation\">\n<h2>Hiring recommendation</h2>\n");
		String value = (insights != null) ? insights.hiringRecommendation() : null;
		if (value == null) {
			h.raw("<p id=\"hiring-recommendation\" class=\"absent\">No recommendation.</p>\n</section>\n");
			return;
		}
		h.raw("<p id=\"hiring-recommendation\" class=\"recommendation\">").text(label(value)).raw("</p>\n");
		if (integrity != null && !list(integrity.flags()).isEmpty()) {
			h.raw("<p class=\"alert-text\" id=\"recommendation-warning\">The model gave this recommendation after "
					+ "reading instruction-like text in the candidate's speech: see Integrity.</p>\n");
		}
		if (insights != null && insights.recommendationReason() != null) {
			h.raw("<p class=\"text\" id=\"recommendation-reason\">")
				.text(insights.recommendationReason())
				.raw("</p>\n");
		}
		h.raw("</section>\n");
	}

	static void skills(ReportHtml h, List<SkillAssessment> skills) {
		h.raw("<section id=\"skills\">\n<h2>Skills</h2>\n");
		if (skills.isEmpty()) {
			h.raw("<p class=\"muted\">No skills assessed.</p>\n</section>\n");
			return;
		}
		h.raw("<table class=\"skills\">\n<thead><tr><th class=\"skill-name\">Skill</th><th class=\"level\">Level</th>"
				+ "<th class=\"score\">Score</th><th class=\"confidence\">Confidence</th>"
				+ "<th>Evidence and recommendations</th></tr></thead>\n<tbody>\n");
		int n = 0;
		for (SkillAssessment skill : skills) {
			String id = "skill-" + (++n);
			h.raw("<tr class=\"skill\" id=\"").raw(id).raw("\">");
			h.raw("<td class=\"skill-name\">").text(skill.skill()).raw("</td>");
			h.raw("<td>").text((skill.level() != null) ? label(skill.level()) : "–").raw("</td>");
			if (skill.score() != null) {
				h.raw("<td id=\"")
					.raw(id)
					.raw("-score\" class=\"grade\">")
					.text(String.valueOf(skill.score()))
					.raw("</td>");
			}
			else {
				h.raw("<td id=\"").raw(id).raw("-score\" class=\"absent\">");
				notScored(h, skill.absentReason());
				h.raw("</td>");
			}
			h.raw("<td>").text((skill.confidence() != null) ? label(skill.confidence()) : "–").raw("</td>");
			h.raw("<td>");
			evidence(h, list(skill.evidence()));
			List<String> recommendations = list(skill.recommendations());
			if (!recommendations.isEmpty()) {
				h.raw("<div class=\"muted\">Recommendations</div>");
				bullets(h, recommendations, null);
			}
			h.raw("</td></tr>\n");
		}
		h.raw("</tbody>\n</table>\n</section>\n");
	}

	static void questions(ReportHtml h, List<QuestionAnswer> questions) {
		h.raw("<section id=\"questions\">\n<h2>Questions and answers</h2>\n");
		if (questions.isEmpty()) {
			h.raw("<p class=\"muted\">No questions found.</p>\n");
		}
		int n = 0;
		for (QuestionAnswer qa : questions) {
			String id = "question-" + (++n);
			h.raw("<div class=\"question\" id=\"")
				.raw(id)
				.raw("\">\n<h3>")
				.text(n + ". ")
				.text(qa.question())
				.raw("</h3>\n<p>");
			if (qa.askedAtMs() != null) {
				h.raw("<span class=\"muted\">Asked at </span><span class=\"time\">[")
					.text(time(qa.askedAtMs()))
					.raw("]</span> · ");
			}
			if (qa.grade() != null) {
				h.raw("<span class=\"grade\" id=\"").raw(id).raw("-grade\">").text(qa.grade() + "/10").raw("</span>");
			}
			else {
				h.raw("<span class=\"absent\" id=\"")
					.raw(id)
					.raw("-grade\">not graded: ")
					.text(reason(qa.absentReason()))
					.raw("</span>");
			}
			h.raw("</p>\n");
			if (qa.answerSummary() != null) {
				h.raw("<p class=\"text\"><span class=\"muted\">Answer: </span>").text(qa.answerSummary()).raw("</p>\n");
			}
			if (qa.gradeReason() != null) {
				h.raw("<p class=\"text\"><span class=\"muted\">Why: </span>").text(qa.gradeReason()).raw("</p>\n");
			}
			evidence(h, list(qa.evidence()));
			h.raw("</div>\n");
		}
		h.raw("</section>\n");
	}

	/**
	 * The interview graded on its plan: every planned question, asked (with its grade
	 * against the ideal answer, or why there is none) or not reached (never graded).
	 */
	static void plan(ReportHtml h, PlanReport plan) {
		h.raw("<section id=\"plan\">\n<h2>Graded on the plan</h2>\n<p id=\"plan-summary\">")
			.text(plan.planned() + " question" + plural(plan.planned()) + " planned: " + plan.asked() + " asked, "
					+ plan.notReached() + " not reached; " + plan.graded() + " graded against "
					+ ((plan.graded() == 1) ? "its" : "their") + " ideal answer" + plural(plan.graded()) + ".");
		if (plan.endReason() != null) {
			h.raw(" <span id=\"plan-end\">The interview ended: ").text(endReason(plan.endReason())).raw(".</span>");
		}
		h.raw("</p>\n");
		for (PlanQuestion q : list(plan.questions())) {
			String id = "plan-question-" + q.position();
			boolean reached = !PlanGrading.NOT_REACHED.equals(q.status());
			h.raw("<div class=\"question")
				.raw(reached ? "" : " not-reached")
				.raw("\" id=\"")
				.raw(id)
				.raw("\">\n<h3>")
				.text(q.position() + ". ")
				.text(q.question())
				.raw("</h3>\n<p>");
			h.raw("<span class=\"muted\">Skill </span>").text(q.skill());
			if (q.difficulty() != null) {
				h.raw(" · <span class=\"muted\">").text(label(q.difficulty())).raw("</span>");
			}
			if (q.askedAtMs() != null) {
				h.raw(" · <span class=\"muted\">Asked at </span><span class=\"time\">[")
					.text(time(q.askedAtMs()))
					.raw("]</span>");
			}
			if (q.answerStartMs() != null && q.answerEndMs() != null) {
				h.raw(" · <span class=\"muted\">Answer </span><span class=\"time\">[")
					.text(time(q.answerStartMs()) + "–" + time(q.answerEndMs()))
					.raw("]</span>");
			}
			if (reached) {
				h.raw(" · <span id=\"")
					.raw(id)
					.raw("-help\">")
					.text(q.followUps() + " follow-up" + plural(q.followUps()) + ", " + q.hints() + " hint"
							+ plural(q.hints()))
					.raw("</span>");
			}
			h.raw("</p>\n<p>");
			if (!reached) {
				h.raw("<span class=\"absent\" id=\"").raw(id).raw("-grade\">not reached</span>");
				h.raw(" <span class=\"muted\">(the interview ended before it; not graded)</span>");
			}
			else if (q.grade() != null) {
				h.raw("<span class=\"grade\" id=\"").raw(id).raw("-grade\">").text(q.grade() + "/10").raw("</span>");
			}
			else {
				h.raw("<span class=\"absent\" id=\"")
					.raw(id)
					.raw("-grade\">not graded: ")
					.text(reason(q.absentReason()))
					.raw("</span>");
			}
			h.raw("</p>\n");
			if (q.idealAnswer() != null && !q.idealAnswer().isBlank()) {
				h.raw("<p class=\"text\"><span class=\"muted\">Ideal answer: </span>")
					.text(q.idealAnswer())
					.raw("</p>\n");
			}
			if (q.answerSummary() != null && !q.answerSummary().isBlank()) {
				h.raw("<p class=\"text\"><span class=\"muted\">Answer: </span>").text(q.answerSummary()).raw("</p>\n");
			}
			if (q.gradeReason() != null && !q.gradeReason().isBlank()) {
				h.raw("<p class=\"text\"><span class=\"muted\">Why: </span>").text(q.gradeReason()).raw("</p>\n");
			}
			evidence(h, list(q.evidence()));
			h.raw("</div>\n");
		}
		h.raw("</section>\n");
	}

	/** The interviewer's reason for ending, in words. */
	static String endReason(String reason) {
		return switch (reason) {
			case "PLAN_DONE" -> "all planned questions were asked";
			case "TIME_UP" -> "the interview's time was up";
			case "CANDIDATE_SILENT" -> "the candidate was silent too long";
			case "CANDIDATE_LEFT" -> "the candidate left and did not come back";
			case "PROVIDER_FAILING" -> "a provider kept failing";
			case "INTERVIEWER_ENDED" -> "the interviewer ended it (the candidate asked to stop)";
			case "NOTHING_PLANNED" -> "no questions were planned";
			case "TERMINATED" -> "the room was closed";
			default -> label(reason);
		};
	}

}
