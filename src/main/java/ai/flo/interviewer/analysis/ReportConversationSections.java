package ai.flo.interviewer.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.flo.interviewer.analysis.AnalysisReport.CandidateFeedback;
import ai.flo.interviewer.analysis.AnalysisReport.CleanedLine;
import ai.flo.interviewer.analysis.AnalysisReport.CommunicationMetrics;
import ai.flo.interviewer.analysis.AnalysisReport.Insights;
import ai.flo.interviewer.analysis.AnalysisReport.Metric;
import ai.flo.interviewer.analysis.AnalysisReport.ReadingAid;
import ai.flo.interviewer.analysis.AnalysisReport.Segment;

import static ai.flo.interviewer.analysis.ReportHtml.bullets;
import static ai.flo.interviewer.analysis.ReportHtml.label;
import static ai.flo.interviewer.analysis.ReportHtml.list;
import static ai.flo.interviewer.analysis.ReportHtml.number;
import static ai.flo.interviewer.analysis.ReportHtml.plural;
import static ai.flo.interviewer.analysis.ReportHtml.reason;
import static ai.flo.interviewer.analysis.ReportHtml.slug;
import static ai.flo.interviewer.analysis.ReportHtml.time;

/**
 * The report's sections on the conversation itself: insights, communication metrics, the
 * feedback meant for the candidate, and the verbatim transcript with its reading aid.
 * Part of {@link ReportRenderer}.
 */
final class ReportConversationSections {

	private ReportConversationSections() {
	}

	static void insights(ReportHtml h, Insights insights) {
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

	static void communication(ReportHtml h, CommunicationMetrics metrics) {
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

	static void metric(ReportHtml h, String label, String id, Metric metric) {
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

	static void candidateFeedback(ReportHtml h, CandidateFeedback feedback) {
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

	static void transcript(ReportHtml h, List<Segment> segments, ReadingAid readingAid) {
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

	static void readingAid(ReportHtml h, ReadingAid aid) {
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

}
