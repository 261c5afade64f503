package ai.flo.interviewer.analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.PermanentJobFailure;
import ai.flo.interviewer.shared.LogContext;
import ai.flo.interviewer.speech.SpeechToText;

import org.springframework.stereotype.Component;

/**
 * The second stage: the chunks are transcribed in parallel, each stored as soon as it is
 * done (a stage that runs again sends only what is missing), and stitched into one
 * timeline.
 */
@Component
class Transcription {

	private static final TypeReference<List<Timeline.ChunkText.Part>> PARTS = new TypeReference<>() {
	};

	private static final int PROMPT_TAIL = 400;

	private final AnalysisStore store;

	private final AnalysisLifecycle lifecycle;

	private final SpeechToText speech;

	private final AnalysisProperties properties;

	private final JsonMapper json;

	Transcription(AnalysisStore store, AnalysisLifecycle lifecycle, SpeechToText speech, AnalysisProperties properties,
			JsonMapper json) {
		this.store = store;
		this.lifecycle = lifecycle;
		this.speech = speech;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Transcribes the chunks not yet transcribed. The chunks are split into contiguous
	 * regions, one per parallel worker; within a region each chunk is prompted with the
	 * end of the previous chunk's text (the first chunk of a region, whose predecessor is
	 * still being transcribed, is prompted with the role and skills instead).
	 */
	void run(AnalysisStore.Analysis analysis, JobContext context, Progress progress) {
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
		progress.report("transcribing", 30 + 50 * done.get() / chunks.size());
		ExecutorService pool = Executors.newFixedThreadPool(regions,
				LogContext.pool("transcribe-" + analysis.id(), true));
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
							progress.report("transcribing", 30 + 50 * done.incrementAndGet() / chunks.size());
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
		this.lifecycle.next(analysis, AnalysisStage.ASSESS,
				() -> this.store.saveTranscript(id, new AnalysisStore.StoredTranscript(segments, allTimed, false)));
		progress.report("transcribed", 80);
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

}
