package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.flo.interviewer.testsupport.TestMedia.Probe;
import ai.flo.interviewer.testsupport.TestMedia.Spoken;
import ai.flo.interviewer.testsupport.TestMedia.Utterance;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP server that speaks OpenAI's speech-to-text wire format ({@code POST
 * /v1/audio/transcriptions}, multipart/form-data) and transcribes perfectly: it knows the
 * recording it will be sent pieces of (a {@link Spoken}) and answers each piece with the
 * sentences that lie in it, timed relative to the piece.
 *
 * <p>
 * The product normalises a recording and cuts it into chunks at silences, with some
 * overlap, at points this server is not told. So the server finds where each chunk lies
 * by listening: it decodes the chunk, finds its voiced spans, and matches their starts
 * and ends against the same spans of the original recording (within a few ms: see
 * {@link #place}). A sentence belongs to the chunk that holds its midpoint, so a sentence
 * cut in two by a chunk boundary is transcribed exactly once. A chunk of silence gets no
 * segments. A chunk that is voice throughout (no silence inside) cannot be placed: it
 * gets no segments and counts as a violation. In a {@link TestMedia#large} recording the
 * same sentence comes back every repeat: a chunk too short to hold a stretch of silences
 * unique to one repeat (a few seconds) gets the right text but may be placed in another
 * repeat.
 *
 * <p>
 * It also checks what it receives (codec, 16 kHz, mono, size, duration, a model, an API
 * key): anything off is answered with 400 (401 without a key) and kept in
 * {@link #violations()}, which a test asserts to be empty. Every request is kept in
 * {@link #requests()}.
 */
public final class ScriptedSpeechServer implements AutoCloseable {

	/**
	 * Voiced frames closer than this belong to one span (sentences are at least 900 ms
	 * apart).
	 */
	private static final int MERGE_GAP_MS = 350;

	/** Frame length of the energy envelope. */
	private static final int FRAME_MS = 10;

	/**
	 * A start (end) this close to the chunk's start (end) may be where the chunk was cut,
	 * not where voice began.
	 */
	private static final int EDGE_MS = 40;

	/**
	 * A chunk's start or end matches the recording's when they are this close once
	 * placed.
	 */
	private static final int MATCH_MS = 120;

	/**
	 * Offsets whose spans disagree with the recording's at most this much longer than the
	 * best are weighed by content.
	 */
	private static final int CLOSE_CALL_MS = 200;

	/**
	 * Frames quieter than this (about -50 dBFS) are silence whatever the rest of the
	 * chunk is.
	 */
	private static final double SILENCE_RMS = 100;

	private final HttpServer server;

	private final ExecutorService executor;

	private final Spoken spoken;

	private final List<Span> referenceSpans;

	private final List<Event> referenceEvents;

	/** The recording's envelope with a window starting every millisecond. */
	private final float[] referenceEnvelope;

	private final Path work;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final List<String> violations = new CopyOnWriteArrayList<>();

	private final AtomicInteger held = new AtomicInteger();

	private final AtomicReference<Failure> failNext = new AtomicReference<>();

	/** Requests let through to be answered so far (guarded by this). */
	private int admitted;

	/**
	 * How many may be let through before the rest are held; -1 for all (guarded by this).
	 */
	private int holdAfter = -1;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile boolean closed;

	private volatile String expectedCodec = "flac";

	private volatile int expectedSampleRate = TestMedia.SAMPLE_RATE;

	private volatile long maxBytes = 25L * 1024 * 1024;

	private volatile Duration maxDuration = Duration.ofMinutes(25);

	private volatile Duration delay = Duration.ZERO;

	private ScriptedSpeechServer(Spoken spoken) throws IOException {
		this.spoken = spoken;
		short[] recording = TestMedia.pcm16kMono(spoken.wav());
		this.referenceSpans = spans(envelope(recording, FRAME_MS));
		this.referenceEnvelope = envelope(recording, 1);
		this.referenceEvents = events(this.referenceSpans, Long.MAX_VALUE);
		this.work = Files.createTempDirectory("flo-speech-server");
		this.executor = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "scripted-speech");
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Starts a server that will be sent pieces of {@code spoken}. */
	public static ScriptedSpeechServer startOnFreePort(Spoken spoken) {
		try {
			return new ScriptedSpeechServer(spoken);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The base URL to configure for the speech-to-text provider. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/**
	 * The audio codec chunks must have, as ffprobe names it ({@code flac} unless told);
	 * null for any.
	 */
	public ScriptedSpeechServer expectCodec(String codec) {
		this.expectedCodec = codec;
		return this;
	}

	/** The sample rate chunks must have (16000 unless told). */
	public ScriptedSpeechServer expectSampleRate(int sampleRate) {
		this.expectedSampleRate = sampleRate;
		return this;
	}

	/** The largest upload accepted (25 MiB unless told, OpenAI's limit). */
	public ScriptedSpeechServer maxBytes(long bytes) {
		this.maxBytes = bytes;
		return this;
	}

	/** The longest chunk accepted (25 minutes unless told). */
	public ScriptedSpeechServer maxDuration(Duration duration) {
		this.maxDuration = duration;
		return this;
	}

	/** Waits this long before answering each request (none unless told). */
	public ScriptedSpeechServer delay(Duration delay) {
		this.delay = delay;
		return this;
	}

	/** Answers the next request with this error (an OpenAI-style error body), once. */
	public ScriptedSpeechServer failNext(int status, String message) {
		this.failNext.set(new Failure(status, message));
		return this;
	}

	/**
	 * Lets {@code transcribed} more requests through to be answered with a transcription,
	 * then holds every further one without answering until {@link #release()} or
	 * {@link #close()} (which drops the connection). Requests refused (violations,
	 * {@link #failNext}) do not count.
	 */
	public synchronized ScriptedSpeechServer holdAfter(int transcribed) {
		this.gate = new CountDownLatch(1);
		this.holdAfter = this.admitted + transcribed;
		return this;
	}

	/** Lets held requests (and all later ones) be answered. */
	public synchronized void release() {
		this.holdAfter = -1;
		this.gate.countDown();
	}

	/** How many requests are being held right now. */
	public int held() {
		return this.held.get();
	}

	/**
	 * Every request received, in the order they were answered (or refused, or dropped).
	 */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** Every way a request broke the contract, in words; empty when all was well. */
	public List<String> violations() {
		return List.copyOf(this.violations);
	}

	/** Forgets requests and violations and drops any scripted failure, hold or delay. */
	public void reset() {
		release();
		this.requests.clear();
		this.violations.clear();
		this.failNext.set(null);
		this.delay = Duration.ZERO;
	}

	@Override
	public void close() {
		this.closed = true;
		this.gate.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
		try (var files = Files.list(this.work)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(this.work);
		}
		catch (IOException ex) {
			// a temporary folder left behind is no reason to fail a test
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Answer answer = answer(exchange);
			if (answer == null) {
				return; // closed while holding: the client sees the connection drop
			}
			byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", answer.contentType());
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
		catch (IOException ex) {
			// the client gave up (a timeout test): nothing to answer
		}
	}

	private Answer answer(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (!"POST".equals(exchange.getRequestMethod())
				|| !"/v1/audio/transcriptions".equals(exchange.getRequestURI().getPath())) {
			return violation(404,
					exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " is not scripted", null);
		}
		Map<String, Part> form;
		try {
			form = multipart(exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestBody().readAllBytes());
		}
		catch (IllegalArgumentException ex) {
			return violation(400, "not multipart/form-data: " + ex.getMessage(), null);
		}
		Part file = form.get("file");
		Request request = new Request(authorization, value(form, "model"), value(form, "prompt"),
				value(form, "response_format"), value(form, "language"), values(form, "timestamp_granularities"),
				value(form, "temperature"), (file != null) ? file.filename() : null,
				(file != null) ? file.body().length : 0, null, null, 0, 0, Double.NaN, null, 0, List.of(), 0);
		if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
			return violation(401, "no API key (Authorization: Bearer ...)", request);
		}
		if (request.model() == null || request.model().isBlank()) {
			return violation(400, "no model", request);
		}
		if (file == null || file.filename() == null) {
			return violation(400, "no file part with a filename", request);
		}
		String format = (request.responseFormat() != null) ? request.responseFormat() : "json";
		if (!List.of("json", "verbose_json", "text").contains(format)) {
			return violation(400, "response_format " + format + " is not scripted", request);
		}
		if ("true".equals(value(form, "stream"))) {
			return violation(400, "streaming is not scripted", request);
		}
		if (file.body().length > this.maxBytes) {
			return violation(413, "file of " + file.body().length + " bytes, more than " + this.maxBytes, request);
		}
		Path received = Files.createTempFile(this.work, "chunk", suffix(file.filename()));
		try {
			Files.write(received, file.body());
			Probe probe;
			try {
				probe = TestMedia.probe(received);
			}
			catch (IllegalStateException ex) {
				return violation(400, "ffprobe cannot read " + file.filename() + ": " + ex.getMessage(), request);
			}
			TestMedia.Stream audio = probe.audio().orElse(null);
			if (audio == null) {
				return violation(400, file.filename() + " has no audio stream", request);
			}
			request = request.probed(probe.formatName(), audio.codec(), audio.sampleRate(), audio.channels(),
					probe.durationSeconds());
			List<String> wrong = new ArrayList<>();
			if (this.expectedCodec != null && !this.expectedCodec.equals(audio.codec())) {
				wrong.add("codec " + audio.codec() + " (expected " + this.expectedCodec + ")");
			}
			if (audio.sampleRate() != this.expectedSampleRate) {
				wrong.add("sample rate " + audio.sampleRate() + " (expected " + this.expectedSampleRate + ")");
			}
			if (audio.channels() != 1) {
				wrong.add(audio.channels() + " channels (expected mono)");
			}
			if (!(probe.durationSeconds() > 0) || probe.durationSeconds() > this.maxDuration.toMillis() / 1000.0) {
				wrong.add("duration " + probe.durationSeconds() + " s (expected more than 0 and at most "
						+ this.maxDuration.toSeconds() + " s)");
			}
			if (!wrong.isEmpty()) {
				return violation(400, file.filename() + ": " + String.join(", ", wrong), request);
			}
			short[] pcm = TestMedia.pcm16kMono(received);
			Placement placement = place(pcm);
			request = request.placed(placement.offsetMs(), placement.matched());
			if (placement.offsetMs() == null && placement.voiced()) {
				this.violations
					.add(file.filename() + ": could not be placed in the recording: voice throughout, no silence"
							+ " inside to place it by (" + durationMs(pcm) + " ms, cut at no silence?)");
			}
			Failure failure = this.failNext.getAndSet(null);
			if (failure != null) {
				this.requests.add(request.answered(failure.status(), List.of()));
				return error(failure.status(), failure.message());
			}
			if (!admit()) {
				this.requests.add(request.answered(0, List.of()));
				return null;
			}
			if (!this.delay.isZero()) {
				try {
					Thread.sleep(this.delay.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
			double duration = pcm.length / (double) TestMedia.SAMPLE_RATE;
			List<Segment> segments = segments(placement.offsetMs(), duration);
			this.requests.add(request.answered(200, segments.stream().map(Segment::text).toList()));
			return transcription(format, duration, segments, request);
		}
		finally {
			Files.deleteIfExists(received);
		}
	}

	/**
	 * Lets a request through to be answered, or holds it at the gate; false when the
	 * server closed meanwhile.
	 */
	private boolean admit() {
		CountDownLatch gate;
		synchronized (this) {
			if (this.holdAfter < 0 || this.admitted < this.holdAfter) {
				this.admitted++;
				return !this.closed;
			}
			gate = this.gate;
		}
		this.held.incrementAndGet();
		try {
			gate.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.held.decrementAndGet();
		}
		return !this.closed;
	}

	private Answer violation(int status, String message, Request request) {
		this.violations.add(message);
		if (request != null) {
			this.requests.add(request.answered(status, List.of()));
		}
		return error(status, message);
	}

	private static Answer error(int status, String message) {
		String type = (status >= 500) ? "server_error" : "invalid_request_error";
		return new Answer(status, "application/json", "{\"error\":{\"message\":" + json(message) + ",\"type\":\"" + type
				+ "\",\"param\":null,\"code\":" + ((status == 401) ? "\"invalid_api_key\"" : "null") + "}}");
	}

	/** The sentences whose midpoint lies in the chunk, timed relative to it. */
	private List<Segment> segments(Long offsetMs, double durationSeconds) {
		if (offsetMs == null) {
			return List.of();
		}
		double durationMs = durationSeconds * 1000;
		List<Segment> segments = new ArrayList<>();
		for (Utterance utterance : this.spoken.utterances()) {
			long mid = utterance.midMs() - offsetMs;
			if (mid >= 0 && mid < durationMs) {
				double start = Math.max(0, Math.min(durationMs, utterance.startMs() - offsetMs)) / 1000;
				double end = Math.max(0, Math.min(durationMs, utterance.endMs() - offsetMs)) / 1000;
				segments.add(new Segment(start, end, utterance.text()));
			}
		}
		return segments;
	}

	private static Answer transcription(String format, double duration, List<Segment> segments, Request request) {
		String text = segments.stream().map(Segment::text).collect(Collectors.joining(" "));
		if ("text".equals(format)) {
			return new Answer(200, "text/plain; charset=utf-8", text + "\n");
		}
		String usage = "\"usage\":{\"type\":\"duration\",\"seconds\":" + (long) Math.ceil(duration) + "}";
		if ("json".equals(format)) {
			return new Answer(200, "application/json", "{\"text\":" + json(text) + "," + usage + "}");
		}
		StringBuilder body = new StringBuilder();
		body.append("{\"task\":\"transcribe\",\"language\":")
			.append(json(language(request.language())))
			.append(",\"duration\":")
			.append(seconds(duration))
			.append(",\"text\":")
			.append(json(text))
			.append(",\"segments\":[");
		for (int i = 0; i < segments.size(); i++) {
			Segment segment = segments.get(i);
			body.append((i > 0) ? "," : "")
				.append("{\"id\":")
				.append(i)
				.append(",\"seek\":0,\"start\":")
				.append(seconds(segment.start()))
				.append(",\"end\":")
				.append(seconds(segment.end()))
				.append(",\"text\":")
				.append(json(" " + segment.text()))
				.append(",\"tokens\":[],\"temperature\":0.0,\"avg_logprob\":-0.2,\"compression_ratio\":1.2,\"no_speech_prob\":0.01}");
		}
		body.append("]");
		if (request.timestampGranularities().contains("word")) {
			body.append(",\"words\":[");
			boolean first = true;
			for (Segment segment : segments) {
				for (String word : words(segment)) {
					body.append(first ? "" : ",").append(word);
					first = false;
				}
			}
			body.append("]");
		}
		body.append(",").append(usage).append("}");
		return new Answer(200, "application/json", body.toString());
	}

	/**
	 * Words spread over their segment in proportion to their length: plausible, not
	 * measured.
	 */
	private static List<String> words(Segment segment) {
		String[] words = segment.text().split("\\s+");
		int letters = Arrays.stream(words).mapToInt(String::length).sum();
		List<String> timed = new ArrayList<>();
		double at = segment.start();
		double perLetter = (segment.end() - segment.start()) / Math.max(1, letters);
		for (String word : words) {
			double end = at + word.length() * perLetter;
			timed.add("{\"word\":" + json(word) + ",\"start\":" + seconds(at) + ",\"end\":" + seconds(end) + "}");
			at = end;
		}
		return timed;
	}

	private static String language(String requested) {
		return (requested == null || requested.equals("en")) ? "english" : requested;
	}

	// --- where a chunk lies in the recording
	// ----------------------------------------------

	/**
	 * Places a chunk in the recording. Every pairing of one of its span starts (ends)
	 * with one of the recording's proposes an offset. The offsets under which the chunk's
	 * voiced spans and the recording's disagree for the fewest milliseconds are weighed
	 * by how well the chunk's energy envelope follows the recording's there; the best is
	 * refined to the mean difference of the starts and ends that meet (within
	 * {@value #MATCH_MS} ms).
	 */
	private Placement place(short[] pcm) {
		long durationMs = TestMedia.millis(pcm.length);
		float[] envelope = envelope(pcm, FRAME_MS);
		List<Span> spans = spans(envelope);
		List<Event> events = events(spans, durationMs);
		if (events.isEmpty()) {
			return new Placement(null, 0, !spans.isEmpty());
		}
		Set<Long> tried = new HashSet<>();
		List<Candidate> candidates = new ArrayList<>();
		for (Event event : events) {
			for (Event known : this.referenceEvents) {
				long offsetMs = known.atMs() - event.atMs();
				if (known.start() == event.start() && tried.add(offsetMs)) {
					candidates.add(new Candidate(offsetMs, disagreementMs(spans, offsetMs, durationMs)));
				}
			}
		}
		candidates.sort(Comparator.comparingLong(Candidate::disagreementMs));
		// Short chunks can fit the pattern of silences in more than one place; what is
		// said decides.
		Candidate best = null;
		double bestCorrelation = Double.NEGATIVE_INFINITY;
		for (Candidate candidate : candidates) {
			if (candidate.disagreementMs() > candidates.get(0).disagreementMs() + CLOSE_CALL_MS) {
				break;
			}
			double correlation = correlation(envelope, candidate.offsetMs());
			if (correlation > bestCorrelation) {
				best = candidate;
				bestCorrelation = correlation;
			}
		}
		int matched = matches(events, best.offsetMs());
		double shift = 0;
		for (Event event : events) {
			Event known = nearest(event.start(), event.atMs() + best.offsetMs());
			if (known != null) {
				shift += known.atMs() - (event.atMs() + best.offsetMs());
			}
		}
		return new Placement(Math.round(best.offsetMs() + shift / matched), matched, true);
	}

	/**
	 * How many of the chunk's starts and ends meet one of the recording's when it lies at
	 * {@code offsetMs}.
	 */
	private int matches(List<Event> events, long offsetMs) {
		int matched = 0;
		for (Event event : events) {
			if (nearest(event.start(), event.atMs() + offsetMs) != null) {
				matched++;
			}
		}
		return matched;
	}

	/**
	 * For how many milliseconds the chunk is voiced where the recording (at
	 * {@code offsetMs}) is silent, or the other way round.
	 */
	private long disagreementMs(List<Span> spans, long offsetMs, long durationMs) {
		List<Span> known = new ArrayList<>();
		for (int i = firstSpanEndingAfter(offsetMs); i < this.referenceSpans.size(); i++) {
			Span span = this.referenceSpans.get(i);
			if (span.startMs() >= offsetMs + durationMs) {
				break;
			}
			known.add(new Span(Math.max(0, span.startMs() - offsetMs), Math.min(durationMs, span.endMs() - offsetMs)));
		}
		long common = 0;
		int i = 0;
		int j = 0;
		while (i < spans.size() && j < known.size()) {
			Span a = spans.get(i);
			Span b = known.get(j);
			common += Math.max(0, Math.min(a.endMs(), b.endMs()) - Math.max(a.startMs(), b.startMs()));
			if (a.endMs() < b.endMs()) {
				i++;
			}
			else {
				j++;
			}
		}
		return length(spans) + length(known) - 2 * common;
	}

	private int firstSpanEndingAfter(long atMs) {
		int low = 0;
		int high = this.referenceSpans.size();
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.referenceSpans.get(mid).endMs() <= atMs) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	private static long length(List<Span> spans) {
		return spans.stream().mapToLong((span) -> span.endMs() - span.startMs()).sum();
	}

	/**
	 * The recording's start (or end) nearest to {@code atMs}, if one is within
	 * {@value #MATCH_MS} ms.
	 */
	private Event nearest(boolean start, long atMs) {
		Event nearest = null;
		int low = 0;
		int high = this.referenceEvents.size();
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (this.referenceEvents.get(mid).atMs() < atMs - MATCH_MS) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		for (int i = low; i < this.referenceEvents.size()
				&& this.referenceEvents.get(i).atMs() <= atMs + MATCH_MS; i++) {
			Event known = this.referenceEvents.get(i);
			if (known.start() == start
					&& (nearest == null || Math.abs(known.atMs() - atMs) < Math.abs(nearest.atMs() - atMs))) {
				nearest = known;
			}
		}
		return nearest;
	}

	/**
	 * The energy envelope: the RMS of each {@value #FRAME_MS} ms window of 16 kHz
	 * samples, one window starting every {@code stepMs}.
	 */
	static float[] envelope(short[] pcm, int stepMs) {
		int frame = TestMedia.SAMPLE_RATE * FRAME_MS / 1000;
		int step = TestMedia.SAMPLE_RATE * stepMs / 1000;
		int windows = Math.max(0, (pcm.length - frame) / step + 1);
		float[] rms = new float[windows];
		long sum = 0; // of squares in the current window: a long keeps the sliding sum
						// exact
		for (int i = 0; i < Math.min(frame, pcm.length); i++) {
			sum += (long) pcm[i] * pcm[i];
		}
		for (int w = 0; w < windows; w++) {
			rms[w] = (float) Math.sqrt(sum / (double) frame);
			int from = w * step;
			for (int i = from; i < from + step; i++) {
				sum -= (long) pcm[i] * pcm[i];
				if (i + frame < pcm.length) {
					sum += (long) pcm[i + frame] * pcm[i + frame];
				}
			}
		}
		return rms;
	}

	/**
	 * Voiced spans: {@value #FRAME_MS} ms frames louder than a tenth of the loud frames
	 * (and than -50 dBFS), gaps under {@value #MERGE_GAP_MS} ms bridged, blips under 60
	 * ms dropped.
	 */
	static List<Span> spans(float[] rms) {
		double[] sounding = IntStream.range(0, rms.length)
			.mapToDouble((f) -> rms[f])
			.filter((value) -> value > SILENCE_RMS)
			.sorted()
			.toArray();
		if (sounding.length == 0) {
			return List.of();
		}
		double threshold = Math.max(SILENCE_RMS, 0.1 * sounding[(int) (sounding.length * 0.9)]);
		List<Span> spans = new ArrayList<>();
		int start = -1;
		int end = -1;
		for (int f = 0; f < rms.length; f++) {
			if (rms[f] <= threshold) {
				continue;
			}
			if (start >= 0 && (f - end) * FRAME_MS >= MERGE_GAP_MS) {
				spans.add(new Span(start * FRAME_MS, end * FRAME_MS));
				start = -1;
			}
			if (start < 0) {
				start = f;
			}
			end = f + 1;
		}
		if (start >= 0) {
			spans.add(new Span(start * FRAME_MS, end * FRAME_MS));
		}
		spans.removeIf((span) -> span.endMs() - span.startMs() < 60);
		return spans;
	}

	/**
	 * Pearson correlation of the chunk's envelope with the recording's from
	 * {@code offsetMs} on.
	 */
	private double correlation(float[] chunk, long offsetMs) {
		int n = chunk.length;
		double sumX = 0;
		double sumY = 0;
		double sumXX = 0;
		double sumYY = 0;
		double sumXY = 0;
		for (int f = 0; f < n; f++) {
			long at = offsetMs + (long) f * FRAME_MS;
			double y = (at >= 0 && at < this.referenceEnvelope.length) ? this.referenceEnvelope[(int) at] : 0;
			double x = chunk[f];
			sumX += x;
			sumY += y;
			sumXX += x * x;
			sumYY += y * y;
			sumXY += x * y;
		}
		double covariance = sumXY - sumX * sumY / n;
		double spread = Math.sqrt((sumXX - sumX * sumX / n) * (sumYY - sumY * sumY / n));
		return (spread > 0) ? covariance / spread : 0;
	}

	/**
	 * Starts and ends of spans, in time order, leaving out those where the chunk may have
	 * cut.
	 */
	private static List<Event> events(List<Span> spans, long durationMs) {
		List<Event> events = new ArrayList<>();
		for (Span span : spans) {
			if (span.startMs() > EDGE_MS) {
				events.add(new Event(true, span.startMs()));
			}
			if (span.endMs() < durationMs - EDGE_MS) {
				events.add(new Event(false, span.endMs()));
			}
		}
		events.sort(Comparator.comparingLong(Event::atMs));
		return events;
	}

	// --- multipart/form-data
	// ---------------------------------------------------------------

	private static Map<String, Part> multipart(String contentType, byte[] body) {
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			throw new IllegalArgumentException("Content-Type " + contentType);
		}
		String boundary = null;
		for (String parameter : contentType.split(";")) {
			String trimmed = parameter.strip();
			if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
				boundary = trimmed.substring("boundary=".length());
				if (boundary.startsWith("\"") && boundary.endsWith("\"") && boundary.length() >= 2) {
					boundary = boundary.substring(1, boundary.length() - 1);
				}
			}
		}
		if (boundary == null || boundary.isEmpty()) {
			throw new IllegalArgumentException("no boundary in " + contentType);
		}
		byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		Map<String, Part> parts = new LinkedHashMap<>();
		int at = indexOf(body, delimiter, 0);
		if (at < 0) {
			throw new IllegalArgumentException("no part");
		}
		byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
		while (true) {
			at += delimiter.length;
			if (at + 1 < body.length && body[at] == '-' && body[at + 1] == '-') {
				return parts; // the closing delimiter
			}
			int headersStart = indexOf(body, "\r\n".getBytes(StandardCharsets.ISO_8859_1), at) + 2;
			int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
			if (headersStart < 2 || headersEnd < 0) {
				throw new IllegalArgumentException("a part without headers");
			}
			String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
			int end = indexOf(body, next, headersEnd + 4);
			if (end < 0) {
				throw new IllegalArgumentException("a part without an end");
			}
			String name = null;
			String filename = null;
			for (String header : headers.split("\r\n")) {
				if (header.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
					name = parameter(header, "name");
					filename = parameter(header, "filename");
				}
			}
			if (name == null) {
				throw new IllegalArgumentException("a part without a name: " + headers);
			}
			Part part = new Part(filename, Arrays.copyOfRange(body, headersEnd + 4, end));
			// repeated fields (timestamp_granularities[]) are kept under name#1,
			// name#2...
			String key = name.endsWith("[]") ? name.substring(0, name.length() - 2) : name;
			int repeat = 0;
			String unique = key;
			while (parts.containsKey(unique)) {
				unique = key + "#" + (++repeat);
			}
			parts.put(unique, part);
			at = end + 2;
		}
	}

	private static String parameter(String header, String name) {
		for (String piece : header.split(";")) {
			String trimmed = piece.strip();
			if (trimmed.startsWith(name + "=")) {
				String value = trimmed.substring(name.length() + 1);
				return (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2)
						? value.substring(1, value.length() - 1) : value;
			}
		}
		return null;
	}

	private static int indexOf(byte[] haystack, byte[] needle, int from) {
		outer: for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private static String value(Map<String, Part> form, String name) {
		Part part = form.get(name);
		return (part != null) ? new String(part.body(), StandardCharsets.UTF_8) : null;
	}

	private static List<String> values(Map<String, Part> form, String name) {
		List<String> values = new ArrayList<>();
		for (Map.Entry<String, Part> entry : form.entrySet()) {
			if (entry.getKey().equals(name) || entry.getKey().startsWith(name + "#")) {
				values.add(new String(entry.getValue().body(), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static long durationMs(short[] pcm) {
		return TestMedia.millis(pcm.length);
	}

	private static String suffix(String filename) {
		int dot = filename.lastIndexOf('.');
		String suffix = (dot >= 0) ? filename.substring(dot) : "";
		return suffix.matches("\\.[A-Za-z0-9]{1,8}") ? suffix : ".bin";
	}

	private static String seconds(double seconds) {
		return String.format(Locale.ROOT, "%.3f", seconds);
	}

	static String json(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	/**
	 * One request as received.
	 *
	 * @param authorization the Authorization header
	 * @param model the {@code model} field
	 * @param prompt the {@code prompt} field (the product passes the end of the previous
	 * chunk's text)
	 * @param responseFormat the {@code response_format} field ({@code json} when absent)
	 * @param language the {@code language} field
	 * @param timestampGranularities the {@code timestamp_granularities[]} fields
	 * @param temperature the {@code temperature} field
	 * @param filename the filename of the {@code file} part
	 * @param bytes the size of the {@code file} part
	 * @param formatName the container as ffprobe names it; null when it could not be read
	 * @param codec the audio codec as ffprobe names it
	 * @param sampleRate the audio's sample rate
	 * @param channels the audio's channels
	 * @param durationSeconds the duration ffprobe reports
	 * @param offsetMs where the chunk starts in the original recording; null when silent
	 * or unplaced
	 * @param matchedEvents how many of the chunk's span starts and ends met the
	 * recording's there
	 * @param texts the sentences answered (empty unless answered with a transcription)
	 * @param status the status answered; 0 when the connection was dropped without an
	 * answer
	 */
	public record Request(String authorization, String model, String prompt, String responseFormat, String language,
			List<String> timestampGranularities, String temperature, String filename, long bytes, String formatName,
			String codec, int sampleRate, int channels, double durationSeconds, Long offsetMs, int matchedEvents,
			List<String> texts, int status) {

		public Request {
			timestampGranularities = List.copyOf(timestampGranularities);
			texts = List.copyOf(texts);
		}

		/** The sentences answered, joined with spaces. */
		public String text() {
			return String.join(" ", this.texts);
		}

		Request probed(String formatName, String codec, int sampleRate, int channels, double durationSeconds) {
			return new Request(this.authorization, this.model, this.prompt, this.responseFormat, this.language,
					this.timestampGranularities, this.temperature, this.filename, this.bytes, formatName, codec,
					sampleRate, channels, durationSeconds, this.offsetMs, this.matchedEvents, this.texts, this.status);
		}

		Request placed(Long offsetMs, int matchedEvents) {
			return new Request(this.authorization, this.model, this.prompt, this.responseFormat, this.language,
					this.timestampGranularities, this.temperature, this.filename, this.bytes, this.formatName,
					this.codec, this.sampleRate, this.channels, this.durationSeconds, offsetMs, matchedEvents,
					this.texts, this.status);
		}

		Request answered(int status, List<String> texts) {
			return new Request(this.authorization, this.model, this.prompt, this.responseFormat, this.language,
					this.timestampGranularities, this.temperature, this.filename, this.bytes, this.formatName,
					this.codec, this.sampleRate, this.channels, this.durationSeconds, this.offsetMs, this.matchedEvents,
					texts, status);
		}

	}

	record Span(long startMs, long endMs) {
	}

	private record Event(boolean start, long atMs) {
	}

	private record Candidate(long offsetMs, long disagreementMs) {
	}

	private record Placement(Long offsetMs, int matched, boolean voiced) {
	}

	private record Segment(double start, double end, String text) {
	}

	private record Part(String filename, byte[] body) {
	}

	private record Failure(int status, String message) {
	}

	private record Answer(int status, String contentType, String body) {
	}

}
