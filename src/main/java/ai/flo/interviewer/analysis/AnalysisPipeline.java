package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.interview.SessionRecords;
import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.llm.LlmException;
import ai.flo.interviewer.providers.ProviderNotConfiguredException;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.speech.SpeechException;
import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analysis stages as durable jobs: prepare (normalise and chunk), transcribe (chunks
 * in parallel, each stored as soon as it is done), assess (LLM steps, checkpointed) and
 * report. A stage that runs again skips what is already stored. A failure that retrying
 * cannot fix (or the last attempt) marks the analysis FAILED with its reason.
 */
@Configuration(proxyBeanMethods = false)
class AnalysisPipeline {

	private static final Logger log = LoggerFactory.getLogger(AnalysisPipeline.class);

	private static final TypeReference<List<Timeline.ChunkText.Part>> PARTS = new TypeReference<>() {
	};

	private static final int PROMPT_TAIL = 400;

	private final AnalysisStore store;

	private final MediaTools media;

	private final SpeechToText speech;

	private final Assessment assessment;

	private final ReportFiles files;

	private final SessionRecords sessions;

	private final JobQueue jobs;

	private final AnalysisProperties properties;

	private final DataFolders folders;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	private final Clock clock;

	AnalysisPipeline(AnalysisStore store, MediaTools media, SpeechToText speech, Assessment assessment,
			ReportFiles files, SessionRecords sessions, JobQueue jobs, AnalysisProperties properties,
			DataFolders folders, JsonMapper json, TransactionTemplate tx, Clock clock) {
		this.store = store;
		this.media = media;
		this.speech = speech;
		this.assessment = assessment;
		this.files = files;
		this.sessions = sessions;
		this.jobs = jobs;
		this.properties = properties;
		this.folders = folders;
		this.json = json;
		this.tx = tx;
		this.clock = clock;
	}

	@Bean
	JobHandler prepareAnalysis() {
		return handler(AnalysisIntake.PREPARE, "preparing", this::prepare);
	}

	@Bean
	JobHandler transcribeAnalysis() {
		return handler(AnalysisIntake.TRANSCRIBE, "transcribing", this::transcribe);
	}

	@Bean
	JobHandler assessAnalysis() {
		return handler(AnalysisIntake.ASSESS, "analysing", this::assess);
	}

	/**
	 * A stage: finds the analysis of the payload's run, runs the stage, and turns
	 * failures into a FAILED analysis.
	 */
	private JobHandler handler(String type, String stage, Stage work) {
		return new JobHandler() {

			@Override
			public String type() {
				return type;
			}

			@Override
			public void gaveUp(String payload, String reason) {
				AnalysisStore.Analysis analysis = analysisOf(payload);
				if (analysis != null && !analysis.status().finished()) {
					log.warn("Analysis {} failed while {}: its job gave up ({})", analysis.id(), stage, reason);
					failed(analysis, stage, reason);
				}
			}

			@Override
			public void retrying(String payload) {
				AnalysisStore.Analysis analysis = analysisOf(payload);
				if (analysis != null && AnalysisPipeline.this.store.reopen(analysis.id(), analysis.run())
						&& analysis.sessionId() != null) {
					AnalysisPipeline.this.sessions.analysis(analysis.sessionId(),
							SessionRecords.AnalysisState.ANALYSING, null);
				}
			}

			@Override
			public String run(JobContext context) {
				JsonNode payload = AnalysisPipeline.this.json.readTree(context.payload());
				String id = payload.path("analysisId").asString();
				int run = payload.path("run").asInt(1);
				AnalysisStore.Analysis analysis = AnalysisPipeline.this.store.find(id).orElse(null);
				if (analysis == null || analysis.run() != run || analysis.status().finished()) {
					return null;
				}
				try {
					work.run(analysis, context);
					return null;
				}
				catch (PermanentJobFailure ex) {
					failed(analysis, stage, ex.getMessage());
					throw ex;
				}
				catch (RuntimeException ex) {
					boolean retryable = retryable(ex);
					String reason = reason(stage, ex);
					if (!retryable || context.attempt() >= context.maxAttempts()) {
						log.warn("Analysis {} failed while {}: {}", id, stage, reason);
						failed(analysis, stage, reason);
						throw new PermanentJobFailure(reason, ex);
					}
					log.info("Analysis {}: {} failed on attempt {} ({}); the job will retry", id, stage,
							context.attempt(), reason);
					throw ex;
				}
			}

		};
	}

	/** The analysis of a job's payload, when the job is for its current run. */
	private AnalysisStore.Analysis analysisOf(String payload) {
		JsonNode node = this.json.readTree(payload);
		AnalysisStore.Analysis analysis = this.store.find(node.path("analysisId").asString()).orElse(null);
		return (analysis != null && analysis.run() == node.path("run").asInt(1)) ? analysis : null;
	}

	private void failed(AnalysisStore.Analysis analysis, String stage, String reason) {
		this.store.failed(analysis.id(), stage, reason);
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.FAILED, reason);
		}
	}

	@FunctionalInterface
	private interface Stage {

		void run(AnalysisStore.Analysis analysis, JobContext context);

	}

	private static boolean retryable(RuntimeException ex) {
		Throwable cause = (ex instanceof Assessment.StepFailure step) ? step.getCause() : ex;
		if (cause instanceof ProviderNotConfiguredException || cause instanceof MediaTools.MediaException
				|| cause instanceof AnalysisProblem) {
			return false;
		}
		if (cause instanceof LlmException llm) {
			return llm.retryable();
		}
		if (cause instanceof SpeechException speech) {
			return speech.retryable();
		}
		return true;
	}

	private static String reason(String stage, RuntimeException ex) {
		if (ex instanceof Assessment.StepFailure step) {
			return "The LLM step '" + step.step() + "' failed: " + step.getMessage();
		}
		return ((ex.getMessage() != null) ? ex.getMessage() : ex.toString());
	}

	// ---- prepare
	// ---------------------------------------------------------------------------

	private void prepare(AnalysisStore.Analysis analysis, JobContext context) {
		String id = analysis.id();
		Path source = (analysis.storedPath() != null) ? Path.of(analysis.storedPath()) : null;
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSING, null);
		}
		if (analysis.kind() == AnalysisStore.Kind.SESSION) {
			List<SessionRecords.Entry> entries = this.sessions.transcript(analysis.sessionId());
			if (!entries.isEmpty()) {
				List<AnalysisReport.Segment> segments = new ArrayList<>();
				for (SessionRecords.Entry e : entries) {
					segments.add(
							new AnalysisReport.Segment(segments.size(), e.startMs(), e.endMs(), e.speaker(), e.text()));
				}
				this.tx.executeWithoutResult((status) -> {
					this.store.saveTranscript(id, new AnalysisStore.StoredTranscript(segments, true, true));
					this.jobs.enqueue(AnalysisIntake.ASSESS, AnalysisIntake.payload(id, analysis.run()));
				});
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
			this.store.mediaDetails(id, this.media.decode(source).decodedMs());
			this.speech.ensureConfigured();
		}
		List<AnalysisStore.Chunk> existing = this.store.chunks(id);
		if (!existing.isEmpty() && existing.stream().allMatch((c) -> Files.exists(Path.of(c.path())))) {
			this.jobs.enqueue(AnalysisIntake.TRANSCRIBE, AnalysisIntake.payload(id, analysis.run()));
			return;
		}
		Path work = this.folders.uploads().resolve(id).resolve("work");
		try {
			Files.createDirectories(work);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path normalized = work.resolve("normalized.flac");
		long expected = (analysis.durationMs() != null) ? Math.max(1, analysis.durationMs()) : 0;
		progress(context, id, "normalising audio", 2);
		AtomicInteger lastPercent = new AtomicInteger(2);
		List<MediaTools.Silence> silences = this.media.normalize(source, normalized,
				this.properties.silenceThresholdDb(), this.properties.silenceMinDuration().toMillis(), (ms) -> {
					if (expected > 0) {
						int percent = 2 + (int) Math.min(23, ms * 23 / expected);
						if (percent > lastPercent.get()) {
							lastPercent.set(percent);
							progress(context, id, "normalising audio", percent);
						}
					}
				});
		MediaTools.Probe normalizedProbe = this.media.probe(normalized);
		long total = (normalizedProbe != null && normalizedProbe.durationMs() != null) ? normalizedProbe.durationMs()
				: expected;
		long bytes = size(normalized);
		long limit = this.properties.chunkMaxSize().toBytes();
		double bytesPerMs = Math.max(1e-6, bytes / (double) Math.max(1, total));
		long maxMs = Math.min(this.properties.chunkMaxDuration().toMillis(), (long) (limit * 0.9 / bytesPerMs));
		progress(context, id, "cutting chunks", 26);
		List<AnalysisStore.Chunk> chunks = null;
		for (int attempt = 0; attempt < 4 && chunks == null; attempt++) {
			chunks = cut(normalized, work, total, silences, maxMs, limit);
			maxMs = maxMs * 3 / 4;
		}
		if (chunks == null) {
			throw new PermanentJobFailure("The audio could not be cut into chunks under " + limit + " bytes.");
		}
		List<AnalysisStore.Chunk> planned = chunks;
		this.tx.executeWithoutResult((status) -> {
			this.store.saveChunks(id, planned);
			this.jobs.enqueue(AnalysisIntake.TRANSCRIBE, AnalysisIntake.payload(id, analysis.run()));
		});
		try {
			Files.deleteIfExists(normalized);
		}
		catch (IOException ex) {
			log.debug("Could not delete {}", normalized);
		}
		log.info("Analysis {}: {} ms of audio in {} chunk(s), {} silences", id, total, planned.size(), silences.size());
	}

	/**
	 * Cuts the chunks; {@code null} when one came out over the size limit (the caller
	 * retries shorter).
	 */
	private List<AnalysisStore.Chunk> cut(Path normalized, Path work, long total, List<MediaTools.Silence> silences,
			long maxMs, long limit) {
		long overlap = this.properties.chunkOverlap().toMillis();
		List<Timeline.Span> spans = Timeline.spans(total, Timeline.cuts(total, silences, maxMs, overlap), overlap);
		List<MediaTools.Piece> pieces = new ArrayList<>();
		for (int i = 0; i < spans.size(); i++) {
			pieces.add(new MediaTools.Piece(spans.get(i).startMs(), spans.get(i).endMs(),
					work.resolve(String.format("chunk-%03d.flac", i))));
		}
		this.media.cut(normalized, pieces);
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

	private Path sessionRecording(String sessionId) {
		Path folder = this.folders.interviewData().resolve(sessionId);
		if (!Files.isDirectory(folder)) {
			return null;
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((p) -> p.getFileName().toString().startsWith("recording."))
				.sorted()
				.findFirst()
				.orElse(null);
		}
		catch (IOException ex) {
			return null;
		}
	}

	// ---- transcribe
	// ------------------------------------------------------------------------

	/**
	 * Transcribes the chunks not yet transcribed. The chunks are split into contiguous
	 * regions, one per parallel worker; within a region each chunk is prompted with the
	 * end of the previous chunk's text (the first chunk of a region, whose predecessor is
	 * still being transcribed, is prompted with the role and skills instead).
	 */
	private void transcribe(AnalysisStore.Analysis analysis, JobContext context) {
		String id = analysis.id();
		List<AnalysisStore.Chunk> chunks = this.store.chunks(id);
		if (chunks.isEmpty()) {
			throw new PermanentJobFailure("The analysis has no chunks to transcribe (preparation did not finish).");
		}
		Map<Integer, String> texts = new ConcurrentHashMap<>();
		for (AnalysisStore.Chunk chunk : chunks) {
			if (chunk.transcribed()) {
				texts.put(chunk.index(), text(chunk.segments()));
			}
		}
		int regions = Math.min(this.properties.transcriptionConcurrency(), chunks.size());
		AtomicInteger done = new AtomicInteger(texts.size());
		AtomicReference<RuntimeException> failure = new AtomicReference<>();
		progress(context, id, "transcribing", 30 + 50 * done.get() / chunks.size());
		ExecutorService pool = Executors.newFixedThreadPool(regions);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int r = 0; r < regions; r++) {
				int from = r * chunks.size() / regions;
				int to = (r + 1) * chunks.size() / regions;
				running.add(pool.submit(() -> {
					for (int i = from; i < to && failure.get() == null; i++) {
						AnalysisStore.Chunk chunk = chunks.get(i);
						if (texts.containsKey(i)) {
							continue;
						}
						if (!context.stillOwned()) {
							failure.compareAndSet(null,
									new IllegalStateException("the job was taken over by another worker"));
							return;
						}
						String prompt = prompt(analysis, (i > 0) ? texts.get(i - 1) : null);
						try {
							SpeechToText.Transcription result = this.speech.transcribe(Path.of(chunk.path()), prompt);
							List<Timeline.ChunkText.Part> parts = new ArrayList<>();
							if (result.timed()) {
								result.segments()
									.forEach((s) -> parts
										.add(new Timeline.ChunkText.Part(s.start(), s.end(), s.text())));
							}
							else if (!result.text().isBlank()) {
								parts.add(new Timeline.ChunkText.Part(0, (chunk.endMs() - chunk.startMs()) / 1000d,
										result.text()));
							}
							this.store.chunkTranscribed(id, i,
									this.json.writeValueAsString(Map.of("timed", result.timed(), "parts", parts)),
									prompt);
							texts.put(i, result.text());
							progress(context, id, "transcribing", 30 + 50 * done.incrementAndGet() / chunks.size());
						}
						catch (RuntimeException ex) {
							failure.compareAndSet(null, ex);
							return;
						}
					}
				}));
			}
			for (Future<?> future : running) {
				try {
					future.get();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted", ex);
				}
				catch (java.util.concurrent.ExecutionException ex) {
					failure.compareAndSet(null, new IllegalStateException(ex.getCause()));
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		if (failure.get() != null) {
			throw failure.get();
		}
		List<AnalysisStore.Chunk> stored = this.store.chunks(id);
		List<Timeline.ChunkText> chunkTexts = new ArrayList<>();
		boolean timed = true;
		for (AnalysisStore.Chunk chunk : stored) {
			JsonNode node = this.json.readTree(chunk.segments());
			timed &= node.path("timed").asBoolean();
			chunkTexts.add(new Timeline.ChunkText(chunk.startMs(), chunk.endMs(),
					this.json.readValue(node.path("parts").toString(), PARTS)));
		}
		List<AnalysisReport.Segment> segments = Timeline.stitch(chunkTexts);
		if (segments.isEmpty()) {
			throw new PermanentJobFailure("Speech-to-text (" + this.speech.describe()
					+ ") found no speech in the recording: there is nothing to analyse.");
		}
		boolean allTimed = timed;
		this.tx.executeWithoutResult((status) -> {
			this.store.saveTranscript(id, new AnalysisStore.StoredTranscript(segments, allTimed, false));
			this.jobs.enqueue(AnalysisIntake.ASSESS, AnalysisIntake.payload(id, analysis.run()));
		});
		progress(context, id, "transcribed", 80);
	}

	private String text(String segmentsJson) {
		JsonNode parts = this.json.readTree(segmentsJson).path("parts");
		List<String> texts = new ArrayList<>();
		parts.forEach((p) -> texts.add(p.path("text").asString("")));
		return String.join(" ", texts);
	}

	private static String prompt(AnalysisStore.Analysis analysis, String previous) {
		if (previous != null && !previous.isBlank()) {
			String tail = previous.strip();
			return (tail.length() > PROMPT_TAIL) ? tail.substring(tail.length() - PROMPT_TAIL) : tail;
		}
		StringBuilder vocabulary = new StringBuilder("A job interview");
		if (analysis.jobRole() != null) {
			vocabulary.append(" for ").append(analysis.jobRole());
		}
		if (!analysis.skills().isEmpty()) {
			vocabulary.append(". Topics: ").append(String.join(", ", analysis.skills()));
		}
		String text = vocabulary.append('.').toString();
		return (text.length() > PROMPT_TAIL) ? text.substring(0, PROMPT_TAIL) : text;
	}

	// ---- assess
	// ----------------------------------------------------------------------------

	private void assess(AnalysisStore.Analysis analysis, JobContext context) {
		String id = analysis.id();
		AnalysisStore.StoredTranscript transcript = this.store.transcript(id)
			.orElseThrow(
					() -> new PermanentJobFailure("The analysis has no transcript (transcription did not finish)."));
		this.files.transcript(id, transcript.segments(), transcript.timed());
		AnalysisReport report = this.assessment.run(analysis, transcript,
				(stage, percent) -> progress(context, id, stage, 80 + percent / 5));
		AnalysisReport done = new AnalysisReport(report.analysisId(), report.run(), this.clock.millis(),
				report.source(), report.transcript(), report.skills(), report.questions(), report.insights(),
				report.executiveSummary(), report.scorecard(), report.communication(), report.candidateFeedback());
		String reportJson = this.json.writeValueAsString(done);
		this.files.report(id, reportJson);
		this.store.completed(id, analysis.run(), reportJson);
		if (analysis.sessionId() != null) {
			this.sessions.analysis(analysis.sessionId(), SessionRecords.AnalysisState.ANALYSED, null);
		}
		log.info("Analysis {} run {} COMPLETED (overall {})", id, analysis.run(), done.scorecard().overall());
	}

	private void progress(JobContext context, String id, String stage, int percent) {
		this.store.progress(id, stage, percent);
		context.progress(stage, percent);
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
