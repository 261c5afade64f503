package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.flo.interviewer.shared.PdfText;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Reads an uploaded transcript (plain text or PDF) into segments. Lines may carry a
 * timestamp ({@code [00:01:23]}, {@code 01:23}, {@code 00:01:23.450}) and a speaker label
 * ({@code Interviewer:}, {@code Candidate:}, {@code Q:}, {@code A:} ...); other labels
 * stay in the text.
 */
final class TranscriptText {

	private static final Pattern STAMP = Pattern
		.compile("^\\s*\\[?((?:\\d{1,2}:)?\\d{1,2}:\\d{2}(?:[.,]\\d{1,3})?)\\]?\\s*[-–]?\\s*");

	private static final Pattern LABEL = Pattern.compile("^\\s*([A-Za-z][A-Za-z .]{0,30}?)\\s*:\\s+(.*)$",
			Pattern.DOTALL);

	private static final Map<String, String> SPEAKERS = Map.ofEntries(Map.entry("candidate", "candidate"),
			Map.entry("interviewee", "candidate"), Map.entry("applicant", "candidate"), Map.entry("a", "candidate"),
			Map.entry("interviewer", "interviewer"), Map.entry("recruiter", "interviewer"),
			Map.entry("hiring manager", "interviewer"), Map.entry("agent", "interviewer"),
			Map.entry("ai", "interviewer"), Map.entry("q", "interviewer"));

	private TranscriptText() {
	}

	/** A transcript read from a file. */
	record Parsed(List<AnalysisReport.Segment> segments, boolean timed, boolean speakersKnown) {
	}

	static boolean isPdf(Path file) throws IOException {
		try (var in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(5);
			return new String(head, StandardCharsets.ISO_8859_1).equals("%PDF-");
		}
	}

	/**
	 * The file's text when it is valid UTF-8 text (no NUL bytes) of at most
	 * {@code maxBytes}, else {@code null}. Reads at most {@code maxBytes + 1} bytes: a
	 * large upload is never read whole into memory.
	 */
	static String utf8Text(Path file, long maxBytes) throws IOException {
		if (Files.size(file) > maxBytes) {
			return null;
		}
		byte[] bytes;
		try (var in = Files.newInputStream(file)) {
			bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
		}
		if (bytes.length > maxBytes) {
			return null;
		}
		for (byte b : bytes) {
			if (b == 0) {
				return null;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/** At most this many pages of a PDF are read (a transcript, not a book). */
	static final int MAX_PDF_PAGES = 500;

	/**
	 * The text of a PDF. Its streams are cached in temporary files, not in memory, and at
	 * most {@link #MAX_PDF_PAGES} pages are read.
	 */
	static String pdfText(Path file) throws IOException {
		try (PDDocument document = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
			return PdfText.read(document, MAX_PDF_PAGES, Duration.ofSeconds(30));
		}
	}

	/**
	 * What kind of list of other files or URLs the text is (an HLS or M3U playlist, an
	 * ffmpeg concat list, a SMIL or XSPF playlist), or {@code null}. Such a file is never
	 * a recording, and never handed to ffmpeg.
	 */
	static String playlist(String text) {
		String head = text.stripLeading();
		head = head.substring(0, Math.min(head.length(), 4000)).toLowerCase(Locale.ROOT);
		if (head.startsWith("#extm3u") || head.contains("#ext-x-")) {
			return "an HLS/M3U playlist";
		}
		if (head.startsWith("ffconcat") || head.matches("(?s)(\\s*(#[^\\n]*)?\\n)*\\s*file\\s+'[^']*'.*")) {
			return "an ffmpeg concat list";
		}
		if (head.startsWith("[playlist]") || head.contains("<smil") || head.contains("<playlist")) {
			return "a playlist";
		}
		return null;
	}

	static Parsed parse(String text) {
		List<String> blocks = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String raw : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
			String line = raw.strip();
			boolean starts = STAMP.matcher(line).find() && !line.isEmpty() || LABEL.matcher(line).matches();
			if (line.isEmpty() || starts) {
				if (current.length() > 0) {
					blocks.add(current.toString());
					current.setLength(0);
				}
			}
			if (!line.isEmpty()) {
				current.append((current.length() > 0) ? " " : "").append(line);
			}
		}
		if (current.length() > 0) {
			blocks.add(current.toString());
		}
		List<Long> starts = new ArrayList<>();
		List<String> speakers = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (String block : blocks) {
			Long start = null;
			Matcher stamp = STAMP.matcher(block);
			if (stamp.find()) {
				start = millis(stamp.group(1));
				block = block.substring(stamp.end());
			}
			String speaker = null;
			String role = labelOf(block);
			if (role != null) {
				speaker = role;
				Matcher label = LABEL.matcher(block);
				label.matches();
				block = label.group(2);
			}
			if (!block.isBlank()) {
				starts.add(start);
				speakers.add(speaker);
				texts.add(block.strip());
			}
		}
		boolean timed = !starts.isEmpty() && starts.stream().allMatch(java.util.Objects::nonNull);
		boolean speakersKnown = !speakers.isEmpty() && speakers.stream().allMatch(java.util.Objects::nonNull);
		List<AnalysisReport.Segment> segments = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			Long start = timed ? starts.get(i) : null;
			Long end = (timed && i + 1 < texts.size()) ? Math.max(start, starts.get(i + 1)) : null;
			segments.add(new AnalysisReport.Segment(i, start, end, speakersKnown ? speakers.get(i) : null,
					(speakersKnown || speakers.get(i) == null) ? texts.get(i)
							: labelText(speakers.get(i), texts.get(i))));
		}
		return new Parsed(segments, timed, speakersKnown);
	}

	private static String labelText(String speaker, String text) {
		return speaker.substring(0, 1).toUpperCase(Locale.ROOT) + speaker.substring(1) + ": " + text;
	}

	private static String labelOf(String line) {
		Matcher label = LABEL.matcher(line);
		if (!label.matches()) {
			return null;
		}
		return SPEAKERS.get(label.group(1).strip().toLowerCase(Locale.ROOT));
	}

	private static long millis(String stamp) {
		String[] parts = stamp.replace(',', '.').split(":");
		double seconds = Double.parseDouble(parts[parts.length - 1]);
		long minutes = Long.parseLong(parts[parts.length - 2]);
		long hours = (parts.length == 3) ? Long.parseLong(parts[0]) : 0;
		return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
	}

}
