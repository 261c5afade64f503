package ai.flo.interviewer.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import org.springframework.stereotype.Component;

import ai.flo.interviewer.analysis.AnalysisReport.Consent;
import ai.flo.interviewer.analysis.AnalysisReport.Source;

import static ai.flo.interviewer.analysis.ReportConversationSections.candidateFeedback;
import static ai.flo.interviewer.analysis.ReportConversationSections.communication;
import static ai.flo.interviewer.analysis.ReportConversationSections.insights;
import static ai.flo.interviewer.analysis.ReportConversationSections.transcript;
import static ai.flo.interviewer.analysis.ReportHtml.COMPLETED;
import static ai.flo.interviewer.analysis.ReportHtml.kind;
import static ai.flo.interviewer.analysis.ReportHtml.list;
import static ai.flo.interviewer.analysis.ReportHtml.time;
import static ai.flo.interviewer.analysis.ReportScoreSections.plan;
import static ai.flo.interviewer.analysis.ReportScoreSections.questions;
import static ai.flo.interviewer.analysis.ReportScoreSections.recommendation;
import static ai.flo.interviewer.analysis.ReportScoreSections.scorecard;
import static ai.flo.interviewer.analysis.ReportScoreSections.skills;
import static ai.flo.interviewer.analysis.ReportScoreSections.summary;
import static ai.flo.interviewer.analysis.ReportTrustSections.assessability;
import static ai.flo.interviewer.analysis.ReportTrustSections.consent;
import static ai.flo.interviewer.analysis.ReportTrustSections.fairness;
import static ai.flo.interviewer.analysis.ReportTrustSections.integrity;
import static ai.flo.interviewer.analysis.ReportTrustSections.proctoring;

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
		ReportHtml h = new ReportHtml();
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

	private static void header(ReportHtml h, AnalysisReport report) {
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

	private static void meta(ReportHtml h, String label, String id, String value, String missing) {
		h.raw("<tr><td class=\"label\">").text(label).raw("</td><td id=\"").raw(id).raw("\"");
		if (value == null || value.isBlank()) {
			h.raw(" class=\"muted\">").text(missing);
		}
		else {
			h.raw(">").text(value);
		}
		h.raw("</td></tr>\n");
	}

}
