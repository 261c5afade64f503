package ai.flo.interviewer.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where to cut a recording into chunks, and how to put the chunks' transcripts back onto
 * one timeline. Pure functions, so they are tested on their own.
 */
final class Timeline {

	private Timeline() {
	}

	/**
	 * A planned chunk: {@code [startMs, endMs)} of the normalised audio; {@code cutMs} is
	 * its own share's end.
	 */
	record Span(long startMs, long endMs) {
	}

	/**
	 * Cut points at silences: each chunk is at most {@code maxMs} long including the
	 * overlap; a cut falls in the middle of the latest silence in the second half of the
	 * allowed stretch, or at the limit when there is none. Neighbouring chunks share
	 * {@code overlapMs} around each cut.
	 * @return the cut points (not including 0 and the end)
	 */
	static List<Long> cuts(long totalMs, List<MediaTools.Silence> silences, long maxMs, long overlapMs) {
		long room = Math.max(1000, maxMs - overlapMs);
		List<Long> cuts = new ArrayList<>();
		long start = 0;
		while (totalMs - start > room) {
			long limit = start + room;
			long earliest = start + room / 2;
			long cut = limit;
			for (MediaTools.Silence silence : silences) {
				long middle = silence.middleMs();
				if (middle >= earliest && middle <= limit) {
					cut = middle;
				}
			}
			cuts.add(cut);
			start = cut;
		}
		return cuts;
	}

	/**
	 * The chunks for the cut points, each widened by half the overlap on either side of a
	 * cut.
	 */
	static List<Span> spans(long totalMs, List<Long> cuts, long overlapMs) {
		List<Span> spans = new ArrayList<>();
		long half = overlapMs / 2;
		long previous = 0;
		for (int i = 0; i <= cuts.size(); i++) {
			long cut = (i < cuts.size()) ? cuts.get(i) : totalMs;
			spans.add(new Span(Math.max(0, previous - ((i == 0) ? 0 : half)),
					Math.min(totalMs, cut + ((i < cuts.size()) ? half : 0))));
			previous = cut;
		}
		return spans;
	}

	/**
	 * The span widened to whole blocks of {@code blockMs} (a chunk copied from a FLAC's
	 * frames holds whole blocks), its end no later than {@code totalMs}.
	 */
	static Span onBlocks(Span span, long blockMs, long totalMs) {
		long start = span.startMs() - span.startMs() % blockMs;
		long end = Math.min(totalMs, (span.endMs() + blockMs - 1) / blockMs * blockMs);
		return new Span(start, end);
	}

	/**
	 * Puts chunk transcripts on one timeline: a segment's times are shifted by its
	 * chunk's start, and where two chunks overlap, a segment is kept by the chunk on
	 * whose side of the cut its middle lies, so speech in the overlap appears once.
	 * @param chunks per chunk, its start and end in the recording and its segments
	 * (chunk-relative seconds)
	 */
	static List<AnalysisReport.Segment> stitch(List<ChunkText> chunks) {
		List<AnalysisReport.Segment> all = new ArrayList<>();
		for (int i = 0; i < chunks.size(); i++) {
			ChunkText chunk = chunks.get(i);
			long lower = (i == 0) ? Long.MIN_VALUE : boundary(chunks.get(i - 1), chunk);
			long upper = (i == chunks.size() - 1) ? Long.MAX_VALUE : boundary(chunk, chunks.get(i + 1));
			for (ChunkText.Part part : chunk.parts()) {
				long start = chunk.startMs() + Math.round(part.start() * 1000);
				long end = chunk.startMs() + Math.round(part.end() * 1000);
				long middle = (start + end) / 2;
				if (middle >= lower && middle < upper) {
					all.add(new AnalysisReport.Segment(all.size(), start, end, null, part.text()));
				}
			}
		}
		return all;
	}

	/** The middle of the stretch two neighbouring chunks share: the cut. */
	private static long boundary(ChunkText before, ChunkText after) {
		return (after.startMs() + before.endMs()) / 2;
	}

	/** One chunk's transcript: its place in the recording and its parts. */
	record ChunkText(long startMs, long endMs, List<Part> parts) {

		/** Times in seconds from the chunk's start. */
		record Part(double start, double end, String text) {
		}

	}

	/**
	 * SubRip subtitles; untimed segments are left out (the caller only writes SRT for
	 * timed transcripts).
	 */
	static String srt(List<AnalysisReport.Segment> segments) {
		StringBuilder out = new StringBuilder();
		int n = 1;
		for (AnalysisReport.Segment segment : segments) {
			if (segment.startMs() == null || segment.endMs() == null) {
				continue;
			}
			out.append(n++)
				.append('\n')
				.append(clock(segment.startMs(), ','))
				.append(" --> ")
				.append(clock(segment.endMs(), ','))
				.append('\n')
				.append(cue(segment))
				.append("\n\n");
		}
		return out.toString();
	}

	/** WebVTT subtitles. */
	static String vtt(List<AnalysisReport.Segment> segments) {
		StringBuilder out = new StringBuilder("WEBVTT\n\n");
		for (AnalysisReport.Segment segment : segments) {
			if (segment.startMs() == null || segment.endMs() == null) {
				continue;
			}
			out.append(clock(segment.startMs(), '.'))
				.append(" --> ")
				.append(clock(segment.endMs(), '.'))
				.append('\n')
				.append(cue(segment).replace("-->", "->"))
				.append("\n\n");
		}
		return out.toString();
	}

	private static String cue(AnalysisReport.Segment segment) {
		String text = segment.text().replace("\r", " ").replaceAll("\n\\s*\n", "\n").strip();
		return (segment.speaker() != null) ? segment.speaker() + ": " + text : text;
	}

	static String clock(long ms, char decimal) {
		return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, (ms / 60_000) % 60, (ms / 1000) % 60,
				decimal, ms % 1000);
	}

}
