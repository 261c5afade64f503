package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.stereotype.Component;

/**
 * The first stage: a recording is cut at pauses into chunks under the speech-to-text
 * provider's size limit, copied frame by frame from the normalised FLAC (16 kHz mono,
 * loudness, silences found) that the upload check's decode wrote; an ended session brings
 * its server-written transcript instead, or its recording, which is decoded here in the
 * same one pass.
 */
@Component
class Preparation {

	private static final Logger log = LoggerFactory.getLogger(Preparation.class);

	private final AnalysisStore store;

	private final AnalysisLifecycle lifecycle;

	private final MediaTools media;

	private final SpeechToText speech;

	private final SessionRecords sessions;

	private final AnalysisProperties properties;

	private final DataFolders folders;

	Preparation(AnalysisStore store, AnalysisLifecycle lifecycle, MediaTools media, SpeechToText speech,
			SessionRecords sessions, AnalysisProperties properties, DataFolders folders) {
		this.store = store;
		this.lifecycle = lifecycle;
		this.media = media;
		this.speech = speech;
		this.sessions = sessions;
		this.properties = properties;
		this.folders = folders;
	}

	void run(AnalysisStore.Analysis analysis, Progress progress) {
		String id = analysis.id();
		Path source = (analysis.storedPath() != null) ? Path.of(analysis.storedPath()) : null;
		this.lifecycle.started(analysis);
		if (analysis.kind() == AnalysisStore.Kind.SESSION) {
			// The rows the interviewer kept in a file when the database would not take
			// them: an agent that crashed, or a database still failing when its
			// interview ended, left them for here (a failure here is tried again).
			this.sessions.mergeUnwrittenTranscript(analysis.sessionId());
			List<SessionRecords.Entry> entries = this.sessions.transcript(analysis.sessionId());
			if (!entries.isEmpty()) {
				List<AnalysisReport.Segment> segments = new ArrayList<>();
				for (SessionRecords.Entry e : entries) {
					segments.add(
							new AnalysisReport.Segment(segments.size(), e.startMs(), e.endMs(), e.speaker(), e.text()));
				}
				this.lifecycle.next(analysis, AnalysisStage.ASSESS,
						() -> this.store.saveTranscript(id, new AnalysisStore.StoredTranscript(segments, true, true)));
				return;
			}
			source = sessionRecording(analysis.sessionId());
			if (source == null) {
				throw new PermanentJobFailure("Session " + analysis.sessionId()
						+ " has no transcript and no recording in interview_data: there is nothing to analyse.");
			}
			MediaTools.Probe probe = this.media.probe(source);
			if (probe == null || !probe.hasAudio()) {
				throw new PermanentJobFailure(
						"The session's recording " + source.getFileName() + " has no readable audio.");
			}
			this.speech.ensureConfigured();
		}
		List<AnalysisStore.Chunk> existing = this.store.chunks(id);
		if (!existing.isEmpty() && existing.stream().allMatch((c) -> Files.exists(Path.of(c.path())))) {
			this.lifecycle.next(analysis, AnalysisStage.TRANSCRIBE, () -> {
			});
			return;
		}
		Path work = work(this.folders.uploads().resolve(id));
		try {
			Files.createDirectories(work);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path normalized = normalized(work);
		List<MediaTools.Silence> silences = savedSilences(work);
		if (silences == null) {
			// Not decoded at upload (a session's recording; an upload accepted before the
			// one pass; or its work files are gone): the one decode happens here.
			silences = normalize(analysis, source, work, progress);
			saveSilences(work, silences);
		}
		MediaTools.Flac flac = MediaTools.flac(normalized);
		if (flac == null) {
			throw new PermanentJobFailure("The normalised audio " + normalized + " is not readable FLAC.");
		}
		long total = flac.durationMs();
		long bytes = size(normalized);
		long limit = this.properties.chunkMaxSize().toBytes();
		double bytesPerMs = Math.max(1e-6, bytes / (double) Math.max(1, total));
		long maxMs = Math.min(this.properties.chunkMaxDuration().toMillis(), (long) (limit * 0.9 / bytesPerMs));
		progress.report("cutting chunks", 26);
		List<AnalysisStore.Chunk> chunks = null;
		for (int attempt = 0; attempt < 4 && chunks == null; attempt++) {
			chunks = cut(normalized, flac, work, silences, maxMs, limit);
			maxMs = maxMs * 3 / 4;
		}
		if (chunks == null) {
			throw new PermanentJobFailure("The audio could not be cut into chunks under " + limit + " bytes.");
		}
		List<AnalysisStore.Chunk> planned = chunks;
		this.lifecycle.next(analysis, AnalysisStage.TRANSCRIBE, () -> this.store.saveChunks(id, planned));
		try {
			Files.deleteIfExists(silences(work));
			Files.deleteIfExists(normalized);
		}
		catch (IOException ex) {
			log.debug("Could not delete {}", normalized);
		}
		log.info("Analysis {}: {} ms of audio in {} chunk(s), {} silences", id, total, planned.size(), silences.size());
	}

	private List<MediaTools.Silence> normalize(AnalysisStore.Analysis analysis, Path source, Path work,
			Progress progress) {
		long expected = (analysis.durationMs() != null) ? Math.max(1, analysis.durationMs()) : 0;
		progress.report("normalising audio", 2);
		AtomicInteger lastPercent = new AtomicInteger(2);
		MediaTools.Decoded decoded = this.media.normalize(source, normalized(work),
				this.properties.silenceThresholdDb(), this.properties.silenceMinDuration().toMillis(), (ms) -> {
					if (expected > 0) {
						int percent = 2 + (int) Math.min(23, ms * 23 / expected);
						if (percent > lastPercent.get()) {
							lastPercent.set(percent);
							progress.report("normalising audio", percent);
						}
					}
				});
		if (analysis.kind() == AnalysisStore.Kind.SESSION) {
			this.store.mediaDetails(analysis.id(), decoded.decodedMs());
		}
		return decoded.silences();
	}

	/**
	 * Cuts the chunks, by copying the FLAC's frames (each chunk widened to whole blocks,
	 * so its recorded start and end are exact), or by decoding again when the blocks
	 * vary; {@code null} when one came out over the size limit (the caller retries
	 * shorter).
	 */
	private List<AnalysisStore.Chunk> cut(Path normalized, MediaTools.Flac flac, Path work,
			List<MediaTools.Silence> silences, long maxMs, long limit) {
		long total = flac.durationMs();
		long block = flac.blockMs();
		long overlap = this.properties.chunkOverlap().toMillis();
		List<Timeline.Span> spans = Timeline.spans(total, Timeline.cuts(total, silences, maxMs, overlap), overlap);
		List<MediaTools.Piece> pieces = new ArrayList<>();
		for (int i = 0; i < spans.size(); i++) {
			Timeline.Span span = (block > 0) ? Timeline.onBlocks(spans.get(i), block, total) : spans.get(i);
			pieces.add(new MediaTools.Piece(span.startMs(), span.endMs(),
					work.resolve(String.format("chunk-%03d.flac", i))));
		}
		if (block > 0) {
			this.media.copy(normalized, pieces);
		}
		else {
			this.media.cut(normalized, pieces);
		}
		List<AnalysisStore.Chunk> chunks = new ArrayList<>();
		for (int i = 0; i < pieces.size(); i++) {
			MediaTools.Piece piece = pieces.get(i);
			long size = size(piece.output());
			if (size > limit) {
				return null;
			}
			chunks.add(new AnalysisStore.Chunk(i, piece.startMs(), piece.endMs(), piece.output().toString(), size, null,
					null));
		}
		return chunks;
	}

	/** Where a recording's work files go: beside its upload. */
	static Path work(Path uploadFolder) {
		return uploadFolder.resolve("work");
	}

	/** The recording decoded once: 16 kHz mono, normalised, FLAC. */
	static Path normalized(Path work) {
		return work.resolve("normalized.flac");
	}

	private static Path silences(Path work) {
		return work.resolve("silences.txt");
	}

	/**
	 * Keeps the silences found by the one decode beside its FLAC for the prepare stage
	 * (which may run in another process). Written last and moved into place: when it is
	 * there, the FLAC is whole.
	 */
	static void saveSilences(Path work, List<MediaTools.Silence> silences) {
		StringBuilder text = new StringBuilder();
		silences.forEach((s) -> text.append(s.startMs()).append(' ').append(s.endMs()).append('\n'));
		try {
			Path partial = work.resolve("silences.txt.partial");
			Files.writeString(partial, text);
			Files.move(partial, silences(work), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @return the silences kept by {@link #saveSilences}, or {@code null} when there are
	 * none or the FLAC is missing
	 */
	static List<MediaTools.Silence> savedSilences(Path work) {
		if (!Files.isRegularFile(silences(work)) || !Files.isRegularFile(normalized(work))) {
			return null;
		}
		try {
			List<MediaTools.Silence> silences = new ArrayList<>();
			for (String line : Files.readAllLines(silences(work))) {
				String[] parts = line.strip().split(" ");
				if (parts.length == 2) {
					silences.add(new MediaTools.Silence(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
				}
			}
			return silences;
		}
		catch (IOException | NumberFormatException ex) {
			log.warn("Unreadable silence map in {}: decoding again ({})", work, ex.getMessage());
			return null;
		}
	}

	private Path sessionRecording(String sessionId) {
		Path recording = this.folders.sessionRecording(sessionId);
		return Files.isRegularFile(recording) ? recording : null;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
