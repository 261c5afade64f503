package ai.flo.interviewer.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.springframework.stereotype.Component;

import ai.flo.interviewer.analysis.AnalysisReport.Assessability;
import ai.flo.interviewer.analysis.AnalysisReport.CandidateFeedback;
import ai.flo.interviewer.analysis.AnalysisReport.CleanedLine;
import ai.flo.interviewer.analysis.AnalysisReport.CommunicationMetrics;
import ai.flo.interviewer.analysis.AnalysisReport.Consent;
import ai.flo.interviewer.analysis.AnalysisReport.Evidence;
import ai.flo.interviewer.analysis.AnalysisReport.Fairness;
import ai.flo.interviewer.analysis.AnalysisReport.FairnessSkill;
import ai.flo.interviewer.analysis.AnalysisReport.FairnessSubstitution;
import ai.flo.interviewer.analysis.AnalysisReport.Flag;
import ai.flo.interviewer.analysis.AnalysisReport.Insights;
import ai.flo.interviewer.analysis.AnalysisReport.Integrity;
import ai.flo.interviewer.analysis.AnalysisReport.Metric;
import ai.flo.interviewer.analysis.AnalysisReport.PlanQuestion;
import ai.flo.interviewer.analysis.AnalysisReport.PlanReport;
import ai.flo.interviewer.analysis.AnalysisReport.ProctoringItem;
import ai.flo.interviewer.analysis.AnalysisReport.ProctoringReport;
import ai.flo.interviewer.analysis.AnalysisReport.QuestionAnswer;
import ai.flo.interviewer.analysis.AnalysisReport.ReadingAid;
import ai.flo.interviewer.analysis.AnalysisReport.Scorecard;
import ai.flo.interviewer.analysis.AnalysisReport.Segment;
import ai.flo.interviewer.analysis.AnalysisReport.SkillAssessment;
import ai.flo.interviewer.analysis.AnalysisReport.Source;

/**
 * Renders an {@link AnalysisReport} for a recruiter: one self-contained XHTML page
 * (inline CSS, no script, no external resource) that a browser shows as is and
 * openhtmltopdf turns into the PDF.
 * <p>
 * Every string in a report is untrusted (transcript, quotes, model output) and is
 * escaped; characters XML cannot carry are dropped. A missing number is shown as missing,
 * with its reason, and never drawn as zero. The scorecard chart is plain HTML and CSS (a
 * bar is a block with a percentage width), so it looks the same in the browser and in the
 * PDF without an SVG renderer.
 * <p>
 * Candidate feedback is left out unless asked for: the report is the recruiter's.
 */
@Component
class ReportRenderer {

	private static final DateTimeFormatter COMPLETED = DateTimeFormatter
		.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final String CSS = """
			@page { size: A4; margin: 16mm 14mm 18mm 14mm;
				@bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #6b7280; } }
			body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; line-height: 1.4; color: #1f2937;
				margin: 0 auto; max-width: 60em; padding: 1.5em; }
			h1 { font-size: 20pt; margin: 0 0 0.2em 0; }
			h2 { font-size: 13pt; margin: 1.4em 0 0.5em 0; padding-bottom: 0.2em; border-bottom: 1px solid #d1d5db;
				page-break-after: avoid; }
			h3 { font-size: 11pt; margin: 0.8em 0 0.3em 0; page-break-after: avoid; }
			p { margin: 0 0 0.6em 0; }
			ul { margin: 0.2em 0 0.6em 0; padding-left: 1.3em; }
			table { width: 100%; border-collapse: collapse; margin: 0.3em 0 0.8em 0; -fs-table-paginate: paginate; }
			th { text-align: left; font-size: 9pt; color: #4b5563; border-bottom: 1px solid #9ca3af; padding: 0.3em 0.4em; }
			td { vertical-align: top; padding: 0.35em 0.4em; border-bottom: 1px solid #e5e7eb; }
			tr, .question, .segment { page-break-inside: avoid; }
			.text { white-space: pre-line; }
			.muted { color: #6b7280; }
			.absent { color: #92400e; font-style: italic; }
			.meta td { border: none; padding: 0.1em 1em 0.1em 0; }
			.meta td.label { color: #6b7280; width: 9em; }
			.skills th.skill-name { width: 17%; }
			.skills th.level { width: 13%; }
			.skills th.score { width: 22%; }
			.skills th.confidence { width: 11%; }
			.keep { page-break-inside: avoid; }
			.overall { margin: 0.4em 0 0.8em 0; }
			.overall .value { font-size: 28pt; font-weight: bold; }
			.overall .of { font-size: 12pt; color: #6b7280; }
			table.chart { width: auto; }
			.chart td { border: none; vertical-align: middle; padding: 0.25em 0.6em 0.25em 0; }
			.bar-label { width: 17em; white-space: nowrap; }
			.component-basis { white-space: normal; font-size: 8pt; }
			.partial { font-size: 12pt; font-weight: bold; color: #92400e; }
			.partial-note { color: #92400e; font-weight: bold; }
			.bar-cell { width: 22em; }
			.bar-track { width: 100%; height: 1.1em; background: #e5e7eb; }
			.bar-fill { height: 1.1em; background: #2563eb; }
			.bar-fill.low { background: #dc2626; }
			.bar-fill.mid { background: #d97706; }
			.bar-fill.high { background: #16a34a; }
			.bar-value { font-weight: bold; width: 3em; }
			.recommendation { font-size: 14pt; font-weight: bold; }
			.evidence { margin: 0.2em 0; padding-left: 1.3em; }
			.quote { font-style: italic; }
			.unverified { color: #b91c1c; font-size: 9pt; }
			.red-flags li { color: #b91c1c; }
			.alert { border: 2px solid #b91c1c; padding: 0 1em 0.4em 1em; margin-top: 1em; }
			.alert-text { color: #b91c1c; font-weight: bold; }
			.question { margin: 0.4em 0 0.9em 0; }
			.question.not-reached h3 { color: #6b7280; }
			.grade { font-weight: bold; }
			.segment { margin: 0.25em 0; }
			.cleaned { margin-left: 4.5em; color: #4b5563; font-size: 9pt; }
			.cleaning-rejected { margin-left: 4.5em; color: #92400e; font-size: 9pt; font-style: italic; }
			.time { color: #6b7280; font-family: Courier, monospace; font-size: 9pt; }
			.speaker { font-weight: bold; }
			.speaker-candidate { color: #1d4ed8; }
			.speaker-interviewer { color: #374151; }
			""";

	static {
		PdfLogging.install();
	}

	/**
	 * The recruiter's report as XHTML, without candidate feedback.
	 * @param report the analysis result
	 * @return a complete, well-formed XHTML document
	 */
	public String html(AnalysisReport report) {
		return html(report, false);
	}

	/**
	 * The report as XHTML.
	 * @param report the analysis result
	 * @param includeCandidateFeedback whether to add the feedback meant for the candidate
	 * @return a complete, well-formed XHTML document
	 */
	public String html(AnalysisReport report, boolean includeCandidateFeedback) {
		Html h = new Html();
		h.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n");
		h.raw("<meta charset=\"utf-8\" />\n");
		h.open("title").text(title(report)).close("title").raw("\n");
		h.raw("<style>\n").raw(CSS).raw("</style>\n</head>\n<body>\n");
		header(h, report);
		assessability(h, report.assessability());
		integrity(h, report.integrity());
		proctoring(h, report.proctoring());
		summary(h, report.executiveSummary());
		scorecard(h, report.scorecard());
		recommendation(h, report.insights(), report.integrity());
		skills(h, list(report.skills()));
		fairness(h, report.fairness());
		if (report.plan() != null) {
			plan(h, report.plan());
		}
		else {
			questions(h, list(report.questions()));
		}
		insights(h, report.insights());
		communication(h, report.communication());
		if (includeCandidateFeedback) {
			candidateFeedback(h, report.candidateFeedback());
		}
		transcript(h, list(report.transcript()), report.readingAid());
		h.raw("</body>\n</html>\n");
		return h.toString();
	}

	/**
	 * The recruiter's report as PDF, without candidate feedback.
	 * @param report the analysis result
	 * @return the PDF document
	 */
	public byte[] pdf(AnalysisReport report) {
		return pdf(report, false);
	}

	/**
	 * The report as PDF.
	 * @param report the analysis result
	 * @param includeCandidateFeedback whether to add the feedback meant for the candidate
	 * @return the PDF document
	 */
	public byte[] pdf(AnalysisReport report, boolean includeCandidateFeedback) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		pdf(report, includeCandidateFeedback, out);
		return out.toByteArray();
	}

	/**
	 * Writes the report as PDF. Text is set in the PDF standard fonts: a character they
	 * lack is printed as a placeholder, which is acceptable for names and quotes outside
	 * Latin-1.
	 * @param report the analysis result
	 * @param includeCandidateFeedback whether to add the feedback meant for the candidate
	 * @param out where the PDF goes (left open)
	 */
	public void pdf(AnalysisReport report, boolean includeCandidateFeedback, OutputStream out) {
		PdfRendererBuilder builder = new PdfRendererBuilder();
		builder.useFastMode();
		builder.withHtmlContent(html(report, includeCandidateFeedback), null);
		builder.toStream(out);
		try {
			builder.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not render the report as PDF", ex);
		}
	}

	private static String title(AnalysisReport report) {
		String role = (report.source() != null) ? report.source().jobRole() : null;
		return (role != null && !role.isBlank()) ? "Interview analysis: " + role : "Interview analysis";
	}

	private static void header(Html h, AnalysisReport report) {
		Source source = report.source();
		h.raw("<header id=\"report-header\">\n<h1>Interview analysis</h1>\n<table class=\"meta\">\n");
		meta(h, "Job role", "job-role", (source != null) ? source.jobRole() : null, "not given");
		String from = null;
		if (source != null) {
			from = (source.fileName() != null) ? source.fileName() + " (" + kind(source.kind()) + ")"
					: kind(source.kind());
		}
		meta(h, "Source", "source", from, "unknown");
		meta(h, "Duration", "duration",
				(source != null && source.durationMs() != null) ? time(source.durationMs()) : null, "unknown");
		meta(h, "Completed", "completed-at", COMPLETED.format(Instant.ofEpochMilli(report.completedAt())), null);
		meta(h, "Run", "run", String.valueOf(report.run()), null);
		meta(h, "Analysis", "analysis-id", report.analysisId(), "unknown");
		meta(h, "Consent", "consent", consent(report.consent()), "not shown (report read without it)");
		h.raw("</table>\n</header>\n");
	}

	private static String points(Double tolerance) {
		double value = (tolerance != null) ? tolerance : 0;
		return number(value) + ((value == 1) ? " point" : " points");
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
	private static void fairness(Html h, Fairness fairness) {
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

	private static void meta(Html h, String label, String id, String value, String missing) {
		h.raw("<tr><td class=\"label\">").text(label).raw("</td><td id=\"").raw(id).raw("\"");
		if (value == null || value.isBlank()) {
			h.raw(" class=\"muted\">").text(missing);
		}
		else {
			h.raw(">").text(value);
		}
		h.raw("</td></tr>\n");
	}

	private static void assessability(Html h, Assessability assessability) {
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

	private static void integrity(Html h, Integrity integrity) {
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

	private static void summary(Html h, String summary) {
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

	private static void scorecard(Html h, Scorecard scorecard) {
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

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	private static void recommendation(Html h, Insights insights, Integrity integrity) {
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

	private static void skills(Html h, List<SkillAssessment> skills) {
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

	private static void questions(Html h, List<QuestionAnswer> questions) {
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
	private static void plan(Html h, PlanReport plan) {
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

	/**
	 * The session's proctoring integrity score and what took from it: every kind of
	 * event, counted or not.
	 */
	private static void proctoring(Html h, ProctoringReport proctoring) {
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

	private static void insights(Html h, Insights insights) {
		h.raw("<section id=\"insights\">\n<h2>Insights</h2>\n");
		if (insights == null) {
			h.raw("<p class=\"muted\">No insights.</p>\n</section>\n");
			return;
		}
		h.raw("<h3>Strengths</h3>\n");
		bullets(h, list(insights.strengths()), "strengths");
		h.raw("<h3>Weaknesses</h3>\n");
		bullets(h, list(insights.weaknesses()), "weaknesses");
		h.raw("<h3>Red flags</h3>\n");
		bullets(h, list(insights.redFlags()), "red-flags");
		h.raw("<h3>Communication</h3>\n<p>");
		if (insights.communicationScore() != null) {
			h.raw("<span class=\"grade\" id=\"communication-score\">")
				.text(insights.communicationScore() + "/100")
				.raw("</span>");
		}
		else {
			h.raw("<span class=\"absent\" id=\"communication-score\">not scored</span>");
		}
		h.raw("</p>\n");
		if (insights.communication() != null) {
			h.raw("<p class=\"text\">").text(insights.communication()).raw("</p>\n");
		}
		h.raw("</section>\n");
	}

	private static void communication(Html h, CommunicationMetrics metrics) {
		h.raw("<section id=\"communication-metrics\">\n<h2>Communication metrics</h2>\n");
		if (metrics == null) {
			h.raw("<p class=\"absent\">Not available.</p>\n</section>\n");
			return;
		}
		// Four rows: kept on one page rather than split from their header.
		h.raw("<table class=\"keep\">\n<thead><tr><th>Metric</th><th>Value</th><th>Basis</th></tr></thead>\n<tbody>\n");
		metric(h, "Speaking rate", "speaking-rate", metrics.speakingRate());
		metric(h, "Filler words", "filler-words", metrics.fillerWords());
		metric(h, "Long pauses", "long-pauses", metrics.longPauses());
		metric(h, "Talk ratio", "talk-ratio", metrics.talkRatio());
		h.raw("</tbody>\n</table>\n</section>\n");
	}

	private static void metric(Html h, String label, String id, Metric metric) {
		h.raw("<tr id=\"metric-").raw(id).raw("\"><td>").text(label).raw("</td>");
		if (metric != null && metric.value() != null) {
			h.raw("<td class=\"grade\">").text(number(metric.value()));
			if (metric.unit() != null) {
				h.text(" " + metric.unit());
			}
			h.raw("</td>");
		}
		else {
			h.raw("<td class=\"absent\">not available: ")
				.text(reason((metric != null) ? metric.absentReason() : null))
				.raw("</td>");
		}
		h.raw("<td class=\"muted\">")
			.text((metric != null && metric.basis() != null) ? metric.basis() : "")
			.raw("</td></tr>\n");
	}

	private static void candidateFeedback(Html h, CandidateFeedback feedback) {
		h.raw("<section id=\"candidate-feedback\">\n<h2>Feedback for the candidate</h2>\n");
		if (feedback == null) {
			h.raw("<p class=\"muted\">No feedback.</p>\n</section>\n");
			return;
		}
		if (feedback.summary() != null) {
			h.raw("<p class=\"text\">").text(feedback.summary()).raw("</p>\n");
		}
		h.raw("<h3>Strengths</h3>\n");
		bullets(h, list(feedback.strengths()), null);
		h.raw("<h3>To improve</h3>\n");
		bullets(h, list(feedback.improvements()), null);
		h.raw("</section>\n");
	}

	private static void transcript(Html h, List<Segment> segments, ReadingAid readingAid) {
		h.raw("<section id=\"transcript\">\n<h2>Transcript</h2>\n");
		h.raw("<p class=\"muted\" id=\"transcript-note\">Verbatim: what speech-to-text heard (or the uploaded or "
				+ "recorded transcript). Scores, evidence and metrics rest on these words. Lines marked “cleaned” "
				+ "are the model's reading aid, kept only where they say the same words.</p>\n");
		Map<Integer, CleanedLine> cleaned = new HashMap<>();
		if (readingAid != null) {
			list(readingAid.lines()).forEach((line) -> cleaned.put(line.index(), line));
			readingAid(h, readingAid);
		}
		if (segments.isEmpty()) {
			h.raw("<p class=\"muted\">No transcript.</p>\n");
		}
		for (Segment segment : segments) {
			h.raw("<div class=\"segment\" id=\"segment-").raw(String.valueOf(segment.index())).raw("\">");
			if (segment.startMs() != null) {
				h.raw("<span class=\"time\">[").text(time(segment.startMs())).raw("]</span> ");
			}
			String speaker = (segment.speaker() != null && !segment.speaker().isBlank()) ? segment.speaker()
					: "unknown";
			h.raw("<span class=\"speaker speaker-").raw(slug(speaker)).raw("\">").text(label(speaker)).raw(":</span> ");
			h.raw("<span class=\"text\">").text(segment.text()).raw("</span>");
			CleanedLine line = cleaned.get(segment.index());
			if (line != null && "ACCEPTED".equals(line.status())) {
				h.raw("<div class=\"cleaned\" id=\"cleaned-")
					.raw(String.valueOf(segment.index()))
					.raw("\"><span class=\"muted\">Cleaned (reading aid): </span>")
					.text(line.text())
					.raw("</div>");
			}
			else if (line != null && "REJECTED".equals(line.status())) {
				h.raw("<div class=\"cleaning-rejected\" id=\"cleaned-")
					.raw(String.valueOf(segment.index()))
					.raw("\">Cleaned text rejected, verbatim line kept: ")
					.text(reason(line.reason()))
					.raw("</div>");
			}
			h.raw("</div>\n");
		}
		h.raw("</section>\n");
	}

	private static void readingAid(Html h, ReadingAid aid) {
		h.raw("<p class=\"muted\" id=\"reading-aid\">");
		if ("DONE".equals(aid.status())) {
			h.text("Reading aid: " + aid.accepted() + " line" + plural(aid.accepted()) + " cleaned, " + aid.unchanged()
					+ " unchanged, " + aid.rejected() + " rejected (words changed), " + aid.missing() + " missing.");
		}
		else {
			h.text("No reading aid: ").text(reason(aid.reason()));
		}
		h.raw("</p>\n");
	}

	private static String plural(int n) {
		return (n == 1) ? "" : "s";
	}

	private static void evidence(Html h, List<Evidence> evidence) {
		if (evidence.isEmpty()) {
			return;
		}
		h.raw("<ul class=\"evidence\">");
		for (Evidence e : evidence) {
			h.raw("<li>");
			if (e.startMs() != null) {
				h.raw("<span class=\"time\">[").text(time(e.startMs())).raw("]</span> ");
			}
			h.raw("<span class=\"quote\">“").text(e.quote()).raw("”</span>");
			if (!e.verified()) {
				h.raw(" <span class=\"unverified\">(not verified: ")
					.text((e.unverifiedReason() != null) ? e.unverifiedReason() : "not found in the transcript")
					.raw(")</span>");
			}
			h.raw("</li>");
		}
		h.raw("</ul>\n");
	}

	private static void bullets(Html h, List<String> items, String id) {
		if (items.isEmpty()) {
			h.raw("<p class=\"muted\"");
			if (id != null) {
				h.raw(" id=\"").raw(id).raw("\"");
			}
			h.raw(">None.</p>\n");
			return;
		}
		h.raw("<ul");
		if (id != null) {
			h.raw(" id=\"").raw(id).raw("\" class=\"").raw(id).raw("\"");
		}
		h.raw(">");
		for (String item : items) {
			h.raw("<li class=\"text\">").text(item).raw("</li>");
		}
		h.raw("</ul>\n");
	}

	private static void notScored(Html h, String reason) {
		h.raw("not scored: ").text(reason(reason));
	}

	private static String reason(String reason) {
		return (reason != null && !reason.isBlank()) ? reason : "no reason given";
	}

	private static String band(int score) {
		return (score < 40) ? "low" : (score < 70) ? "mid" : "high";
	}

	private static String kind(String kind) {
		return (kind != null) ? kind.toLowerCase(Locale.ROOT) : "unknown kind";
	}

	/** {@code STRONG_YES} to "Strong yes", {@code candidate} to "Candidate". */
	static String label(String value) {
		if (value == null || value.isBlank()) {
			return "";
		}
		String words = value.replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

	/** Offsets as mm:ss under an hour, h:mm:ss from there. */
	static String time(long ms) {
		long seconds = Math.max(0, ms) / 1000;
		long h = seconds / 3600;
		long m = (seconds % 3600) / 60;
		long s = seconds % 60;
		return (h > 0) ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
				: String.format(Locale.ROOT, "%02d:%02d", m, s);
	}

	private static String number(double value) {
		return new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
	}

	/** A name made safe for an id or class attribute. */
	private static String slug(String name) {
		String slug = (name != null) ? name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") : "";
		slug = slug.replaceAll("^-+|-+$", "");
		return slug.isEmpty() ? "unnamed" : slug;
	}

	private static <T> List<T> list(List<T> list) {
		return (list != null) ? list : List.of();
	}

	/** Markup written as is, text escaped for both XML and HTML parsers. */
	private static final class Html {

		private final StringBuilder out = new StringBuilder(16 * 1024);

		Html raw(String markup) {
			this.out.append(markup);
			return this;
		}

		Html open(String tag) {
			this.out.append('<').append(tag).append('>');
			return this;
		}

		Html close(String tag) {
			this.out.append("</").append(tag).append('>');
			return this;
		}

		Html text(String text) {
			if (text == null) {
				return this;
			}
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				switch (c) {
					case '&' -> this.out.append("&amp;");
					case '<' -> this.out.append("&lt;");
					case '>' -> this.out.append("&gt;");
					case '"' -> this.out.append("&quot;");
					case '\'' -> this.out.append("&#39;");
					default -> {
						if (Character.isHighSurrogate(c) && i + 1 < text.length()
								&& Character.isLowSurrogate(text.charAt(i + 1))) {
							this.out.append(c).append(text.charAt(++i));
						}
						else if (allowed(c)) {
							this.out.append(c);
						}
					}
				}
			}
			return this;
		}

		/** XML 1.0 characters, less lone surrogates and C1 controls. */
		private static boolean allowed(char c) {
			return c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || (c >= 0xA0 && c <= 0xD7FF)
					|| (c >= 0xE000 && c <= 0xFFFD);
		}

		@Override
		public String toString() {
			return this.out.toString();
		}

	}

}
