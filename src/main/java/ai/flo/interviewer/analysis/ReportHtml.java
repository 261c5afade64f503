package ai.flo.interviewer.analysis;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import ai.flo.interviewer.analysis.AnalysisReport.Evidence;

/**
 * The report's markup: written as is, text escaped for both XML and HTML parsers; and the
 * formatting its sections share (labels, times, bands, lists, evidence).
 */
final class ReportHtml {

	/** When a report or check was made, as the report shows it. */
	static final DateTimeFormatter COMPLETED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final StringBuilder out = new StringBuilder(16 * 1024);

	ReportHtml raw(String markup) {
		this.out.append(markup);
		return this;
	}

	ReportHtml open(String tag) {
		this.out.append('<').append(tag).append('>');
		return this;
	}

	ReportHtml close(String tag) {
		this.out.append("</").append(tag).append('>');
		return this;
	}

	ReportHtml text(String text) {
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

	static String points(Double tolerance) {
		double value = (tolerance != null) ? tolerance : 0;
		return number(value) + ((value == 1) ? " point" : " points");
	}

	static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	static String plural(int n) {
		return (n == 1) ? "" : "s";
	}

	static void evidence(ReportHtml h, List<Evidence> evidence) {
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

	static void bullets(ReportHtml h, List<String> items, String id) {
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

	static void notScored(ReportHtml h, String reason) {
		h.raw("not scored: ").text(reason(reason));
	}

	static String reason(String reason) {
		return (reason != null && !reason.isBlank()) ? reason : "no reason given";
	}

	static String band(int score) {
		return (score < 40) ? "low" : (score < 70) ? "mid" : "high";
	}

	static String kind(String kind) {
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

	static String number(double value) {
		return new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
	}

	/** A name made safe for an id or class attribute. */
	static String slug(String name) {
		String slug = (name != null) ? name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") : "";
		slug = slug.replaceAll("^-+|-+$", "");
		return slug.isEmpty() ? "unnamed" : slug;
	}

	static <T> List<T> list(List<T> list) {
		return (list != null) ? list : List.of();
	}

}
