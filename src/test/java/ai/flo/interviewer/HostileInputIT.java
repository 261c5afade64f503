package ai.flo.interviewer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ai.flo.interviewer.testsupport.AdminKey;
import ai.flo.interviewer.testsupport.AppProcess;
import ai.flo.interviewer.testsupport.RawHttp;
import ai.flo.interviewer.testsupport.RawHttp.Body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar's API, in a heap smaller than the bodies thrown at it, against what an
 * attacker or a broken client sends: oversized bodies on every public and admin endpoint
 * (stated and chunked), malformed and deeply nested JSON, wrong content types, multipart
 * where none belongs, playlists and concat lists in every upload slot, slow senders, path
 * and header tricks. Each gets its 4xx problem (or the connection closed), never a 5xx;
 * after each the API still answers {@code /health} and nothing is left in
 * {@code uploads/}. Peak resident memory is printed for the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

	static final String ADMIN = "Authorization: Bearer " + AdminKey.VALUE;

	static final long MB = 1024 * 1024;

	Path home;

	AppProcess api;

	int port;

	String analysisId;

	long idleRssKb;

	@BeforeAll
	void start() throws Exception {
		this.home = Files.createTempDirectory("flo-hostile");
		this.port = AppProcess.freePort();
		List<String> command = List.of(AppProcess.javaHome().resolve("bin/java").toString(), "-Xmx256m",
				"-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				AppProcess.jar().toString());
		this.api = AppProcess.start(this.home,
				AppProcess.env("FLO_HOME", this.home.toString(), "PORT", String.valueOf(this.port), "ADMIN_API_KEYS",
						AdminKey.VALUE, "FLO_WORKER_REQUIRED", "false", "LIVEKIT_URL", "ws://127.0.0.1:9",
						"LIVEKIT_API_KEY", "devkey", "LIVEKIT_API_SECRET", "secret", "OPENAI_API_KEY",
						"sk-test-not-a-real-key", "OPENAI_BASE_URL", "http://127.0.0.1:9/v1", "FLO_UPLOAD_MAX_SIZE",
						"20MB", "FLO_HTTP_BODY_READ_TIMEOUT", "3s", "SERVER_TOMCAT_CONNECTION_TIMEOUT", "3s"),
				command, false);
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(300))
			.failFast("the API exited:\n" + "see its output", () -> !this.api.process().isAlive())
			.until(() -> AppProcess.get(url("/health")).status() == 200);
		// A queued analysis to compare with (no worker runs: it stays queued).
		RawHttp.Response upload = send(multipart("POST", "/api/analyses", ADMIN, "file", "interview.txt",
				"Interviewer: Tell me about PostgreSQL.\nCandidate: I tuned queries for years.\n"));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		this.analysisId = upload.body().replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
		this.idleRssKb = status("VmRSS");
	}

	@AfterAll
	void stop() {
		if (this.api != null) {
			this.api.close();
		}
	}

	/** A request and the answer it must get. */
	record Case(String head, Body body, Set<Integer> expected, String problem) {
	}

	Stream<Arguments> cases() throws IOException {
		List<Arguments> cases = new ArrayList<>();
		// Oversized bodies, public endpoints: refused on their stated length, or as soon
		// as
		// the chunks pass the limit.
		add(cases, "webhook, 400 MB stated", post("/api/livekit/webhook", "application/webhook+json", 400 * MB),
				Body.repeated(400 * MB, (byte) '{'), 413, "request-too-large");
		add(cases, "webhook, 2 MB chunked", chunked("/api/livekit/webhook", "application/webhook+json"),
				Body.chunked(2 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "join, 400 MB stated", post("/api/interviews/join", "application/json", 400 * MB),
				Body.repeated(400 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "join, 3 MB chunked", chunked("/api/interviews/join", "application/json"),
				Body.chunked(3 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "proctoring, 50 MB stated", post("/api/sessions/abc/proctoring", "application/json", 50 * MB),
				Body.repeated(50 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "report link, GET with a 10 MB body",
				"GET /api/reports/AAAAAAAAAAAAAAAAAAAAAAAA HTTP/1.1\nHost: x\nContent-Length: " + (10 * MB),
				Body.repeated(10 * MB, (byte) 'x'), 413, "request-too-large");
		add(cases, "health, GET with a 100 MB body", "GET /health HTTP/1.1\nHost: x\nContent-Length: " + (100 * MB),
				Body.repeated(100 * MB, (byte) 'x'), 413, "request-too-large");
		// Oversized bodies, admin endpoints: refused before the key is even looked at.
		add(cases, "records, 400 MB stated, no key", post("/api/records", "application/json", 400 * MB),
				Body.repeated(400 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "records, 2 MB chunked, with key", chunked("/api/records", "application/json") + "\n" + ADMIN,
				Body.chunked(2 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "interviews, 5 MB stated", post("/api/interviews", "application/json", 5 * MB) + "\n" + ADMIN,
				Body.repeated(5 * MB, (byte) ' '), 413, "request-too-large");
		add(cases, "upload, 600 MB stated",
				post("/api/analyses", "multipart/form-data; boundary=xyz", 600 * MB) + "\n" + ADMIN,
				Body.repeated(600 * MB, (byte) 'x'), 413, "upload-too-large");
		add(cases, "upload, 600 MB stated, the client waits for 100-continue",
				post("/api/analyses", "multipart/form-data; boundary=xyz", 600 * MB) + "\nExpect: 100-continue\n"
						+ ADMIN,
				Body.none(), 413, "upload-too-large");
		add(cases, "upload, 30 MB chunked over the 20 MB limit",
				chunked("/api/analyses", "multipart/form-data; boundary=xyz") + "\n" + ADMIN,
				chunkedMultipart("xyz", "big.wav", 30 * MB), 413, "upload-too-large");
		add(cases, "evaluation, 100 MB stated",
				post("/api/analyses/compare", "multipart/form-data; boundary=xyz", 100 * MB) + "\n" + ADMIN,
				Body.repeated(100 * MB, (byte) 'x'), 413, "upload-too-large");
		add(cases, "job description file, 100 MB stated",
				post("/api/records/description-text", "multipart/form-data; boundary=xyz", 100 * MB) + "\n" + ADMIN,
				Body.repeated(100 * MB, (byte) 'x'), 413, "upload-too-large");
		// Malformed JSON.
		add(cases, "join, not JSON", json("/api/interviews/join", "{\"accessCode\": \"ABC\", name"), 400,
				"unreadable-body");
		add(cases, "join, 100000 nested arrays", json("/api/interviews/join", "[".repeat(100_000)), 400,
				"unreadable-body");
		add(cases, "records, 20000 nested objects",
				json("/api/records", "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000), ADMIN), 400,
				"unreadable-body");
		add(cases, "join, a number of 100000 digits",
				json("/api/interviews/join",
						"{\"accessCode\":\"ABCD-EFGH-JKLM\",\"name\":\"A\",\"practice\":" + "9".repeat(100_000) + "}"),
				400, "unreadable-body");
		add(cases, "join, a 200 KB name", json("/api/interviews/join",
				"{\"accessCode\":\"ABCD-EFGH-JKLM\",\"name\":\"" + "n".repeat(200_000) + "\"}"), 400, null);
		add(cases, "join, invalid UTF-8", new Case(
				"POST /api/interviews/join HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 30",
				Body.bytes(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
						(byte) 0xFF, (byte) 0xFE, '"', '}', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ',
						' ', ' ', ' ' }),
				Set.of(400), null));
		add(cases, "join, empty body", json("/api/interviews/join", ""), 400, null);
		add(cases, "join, an array", json("/api/interviews/join", "[1,2,3]"), 400, "unreadable-body");
		add(cases, "join, wrong types", json("/api/interviews/join", "{\"accessCode\":{},\"name\":[]}"), 400, null);
		add(cases, "proctoring, unknown event type",
				json("/api/sessions/abc/proctoring", "{\"events\":[{\"type\":\"EXPLODED\"}]}"), 400, null);
		add(cases, "webhook, forged signature",
				new Case("POST /api/livekit/webhook HTTP/1.1\nHost: x\nContent-Type: application/webhook+json\n"
						+ "Authorization: eyJhbGciOiJIUzI1NiJ9.eyJzaGEyNTYiOiJ4In0.c2lnbmF0dXJl\nContent-Length: 2",
						Body.bytes("{}".getBytes(StandardCharsets.UTF_8)), Set.of(401), "webhook-signature-invalid"));
		// Wrong content types.
		add(cases, "join, text/plain", body("POST", "/api/interviews/join", "text/plain", "{}", null), 415, null);
		add(cases, "join, XML", body("POST", "/api/interviews/join", "application/xml", "<join/>", null), 415, null);
		add(cases, "join, no content type", new Case("POST /api/interviews/join HTTP/1.1\nHost: x\nContent-Length: 2",
				Body.bytes("{}".getBytes(StandardCharsets.UTF_8)), Set.of(415), null));
		add(cases, "records, text/plain", body("POST", "/api/records", "text/plain", "hello", ADMIN), 415, null);
		add(cases, "webhook, text/plain", body("POST", "/api/livekit/webhook", "text/plain", "{}", null), 415, null);
		add(cases, "upload, JSON", body("POST", "/api/analyses", "application/json", "{}", ADMIN), 415, null);
		// Multipart where no upload belongs: refused before anything parses it.
		for (String path : List.of("/api/interviews/join", "/api/livekit/webhook", "/api/sessions/abc/proctoring",
				"/api/records", "/api/jobs/abc/retry", "/api/interviews/abc/code")) {
			add(cases, "multipart to " + path, multipart("POST", path, null, "file", "x.mp3", "x".repeat(1000)), 415,
					"multipart-not-accepted");
		}
		// Playlists and concat lists in every upload slot: never handed to ffmpeg.
		String hls = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:2.0,\n/etc/hostname\n#EXT-X-ENDLIST\n";
		String remote = "#EXTM3U\n#EXTINF:2.0,\nhttp://169.254.169.254/latest/meta-data\n#EXT-X-ENDLIST\n";
		String concat = "ffconcat version 1.0\nfile '/etc/hostname'\n";
		add(cases, "upload, HLS playlist as .mp3", multipart("POST", "/api/analyses", ADMIN, "file", "a.mp3", hls), 415,
				"analysis-playlist");
		add(cases, "upload, HLS playlist as .txt", multipart("POST", "/api/analyses", ADMIN, "file", "a.txt", hls), 415,
				"analysis-playlist");
		add(cases, "upload, remote HLS as .m4a", multipart("POST", "/api/analyses", ADMIN, "file", "a.m4a", remote),
				415, "analysis-playlist");
		add(cases, "upload, concat list as .wav", multipart("POST", "/api/analyses", ADMIN, "file", "a.wav", concat),
				415, "analysis-playlist");
		add(cases, "upload, concat list without extension",
				multipart("POST", "/api/analyses", ADMIN, "file", "recording", concat), 415, "analysis-playlist");
		add(cases, "upload, SMIL as .mp4", multipart("POST", "/api/analyses", ADMIN, "file", "a.mp4",
				"<smil><body><audio src=\"file:///etc/hostname\"/></body></smil>"), 415, "analysis-playlist");
		add(cases, "upload, XSPF as .ogg", multipart("POST", "/api/analyses", ADMIN, "file", "a.ogg",
				"<?xml version=\"1.0\"?><playlist><trackList><track><location>/etc/hostname</location></track></trackList></playlist>"),
				415, "analysis-playlist");
		add(cases, "evaluation, HLS playlist", "compare-playlist", 415, "analysis-playlist");
		// Slow senders.
		add(cases, "join, body trickled past the read timeout", new Case(
				"POST /api/interviews/join HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 60",
				Body.trickled("{\"accessCode\":\"ABCD-EFGH-JKLM\",\"name\":\"Slow Loris\",\"x\":\"yy\"}"
					.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(150)),
				Set.of(408), "request-too-slow"));
		add(cases, "headers never finished",
				new Case("POST /api/interviews/join HTTP/1.1\nHost: x\nX-Slow: 1" + RawHttp.UNFINISHED,
						(out) -> Thread.sleep(20_000), Set.of(-1), null));
		// Path and header tricks.
		add(cases, "admin path with a matrix parameter", get("/api;x/records", null), 401, "admin-key-missing");
		add(cases, "admin path percent-encoded", get("/%61pi/records", null), 401, "admin-key-missing");
		add(cases, "admin path with a trailing parameter", get("/api/records;jsessionid=1", null), 401,
				"admin-key-missing");
		add(cases, "admin path with doubled slashes", get("//api//records", null), 401, "admin-key-missing");
		add(cases, "dot segments", get("/api/reports/../../../etc/passwd", null), Set.of(400, 404), null);
		add(cases, "encoded dot segments", get("/api/analyses/%2e%2e/%2e%2e/etc/passwd", null), Set.of(400, 401, 404),
				null);
		add(cases, "encoded slash", get("/api/reports/..%2F..%2Fetc%2Fpasswd", null), Set.of(400, 404), null);
		add(cases, "NUL in the path", get("/api/reports/abc%00def", null), Set.of(400, 404), null);
		add(cases, "a 16 KB header", new Case("GET /api/records HTTP/1.1\nHost: x\nX-Big: " + "b".repeat(16 * 1024),
				Body.none(), Set.of(400, 431), null));
		add(cases, "a 6 KB bearer token", get("/api/records", "Authorization: Bearer " + "t".repeat(6 * 1024)), 401,
				"admin-key-invalid");
		add(cases, "length and chunked together", new Case(
				"POST /api/interviews/join HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 4\nTransfer-Encoding: chunked",
				Body.bytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), Set.of(400), null));
		add(cases, "a length that is not a number", new Case(
				"POST /api/interviews/join HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: abc",
				Body.none(), Set.of(400), null));
		add(cases, "no Host header", new Case("GET /api/records HTTP/1.1", Body.none(), Set.of(400), null));
		return cases.stream();
	}

	@Order(1)
	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void hostileRequestGetsItsProblemAndTheApiStaysUp(Case hostile) throws Exception {
		RawHttp.Response response = hostile.head().equals("compare-playlist")
				? send(multipartCompare("#EXTM3U\n#EXTINF:2.0,\n/etc/hostname\n"))
				: RawHttp.exchange(this.port, hostile.head(), hostile.body(), Duration.ofSeconds(30));
		assertThat(response.status()).as("status; body: %s", response.body()).isIn(hostile.expected());
		assertThat(response.status()).isLessThan(500);
		if (hostile.problem() != null) {
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			assertThat(response.body()).contains("\"type\":\"urn:flo:problem:" + hostile.problem() + "\"")
				.contains("\"detail\"");
		}
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at ai.flo").doesNotContain("at org.");
		assertThat(AppProcess.get(url("/health")).status()).as("the API still answers").isEqualTo(200);
		assertThat(this.api.process().isAlive()).isTrue();
		assertNothingLeftInUploads();
	}

	@Order(2)
	@Test
	void theClientAddressIsNotTakenFromHeadersAnyoneCanWrite() throws Exception {
		// No trusted proxies configured: X-Forwarded-For is ignored, so changing it does
		// not
		// buy a fresh budget of join attempts.
		int last = 0;
		for (int i = 0; i < 11; i++) {
			RawHttp.Response response = send(body("POST", "/api/interviews/join", "application/json",
					"{\"consent\":true,\"accessCode\":\"ABCD-EFGH-JKLM\",\"name\":\"Guesser\"}",
					"X-Forwarded-For: 203.0.113." + i));
			last = response.status();
			if (i < 10) {
				assertThat(response.status()).as(response.body()).isEqualTo(404);
			}
		}
		assertThat(last).isEqualTo(429);
	}

	@Order(3)
	@Test
	void residentMemoryStaysBounded() throws Exception {
		long peak = status("VmHWM");
		long now = status("VmRSS");
		System.out.printf(Locale.ROOT, "hostile input: API resident memory idle %d MiB, now %d MiB, peak %d MiB%n",
				this.idleRssKb / 1024, now / 1024, peak / 1024);
		assertThat(this.api.process().isAlive()).as(this.api.output()).isTrue();
		// 256 MB of heap: bodies of 100 and 400 MB read into memory would have killed it.
		assertThat(peak / 1024).as("peak RSS in MiB").isLessThan(700);
		assertThat(this.api.output()).doesNotContain("OutOfMemoryError");
	}

	private void assertNothingLeftInUploads() throws IOException {
		try (Stream<Path> files = Files.walk(this.home.resolve("uploads"))) {
			List<Path> left = files.filter(Files::isRegularFile)
				.filter((p) -> !p.toString().contains(this.analysisId))
				.toList();
			assertThat(left).as("files left in uploads/").isEmpty();
		}
	}

	private long status(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/" + this.api.pid() + "/status"))) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.replaceAll("\\D+", ""));
			}
		}
		throw new IllegalStateException(field + " not in /proc status");
	}

	private RawHttp.Response send(Case request) throws IOException {
		return RawHttp.exchange(this.port, request.head(), request.body(), Duration.ofSeconds(30));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static void add(List<Arguments> cases, String name, String head, Body body, int expected, String problem) {
		cases.add(Arguments.of(Named.of(name, new Case(head, body, Set.of(expected), problem))));
	}

	private static void add(List<Arguments> cases, String name, Case request, int expected, String problem) {
		add(cases, name, request, Set.of(expected), problem);
	}

	private static void add(List<Arguments> cases, String name, Case request, Set<Integer> expected, String problem) {
		cases.add(Arguments.of(Named.of(name, new Case(request.head(), request.body(), expected, problem))));
	}

	private static void add(List<Arguments> cases, String name, Case request) {
		cases.add(Arguments.of(Named.of(name, request)));
	}

	private static void add(List<Arguments> cases, String name, String marker, int expected, String problem) {
		cases.add(Arguments.of(Named.of(name, new Case(marker, Body.none(), Set.of(expected), problem))));
	}

	private static String post(String path, String contentType, long length) {
		return "POST " + path + " HTTP/1.1\nHost: x\nContent-Type: " + contentType + "\nContent-Length: " + length;
	}

	private static String chunked(String path, String contentType) {
		return "POST " + path + " HTTP/1.1\nHost: x\nContent-Type: " + contentType + "\nTransfer-Encoding: chunked";
	}

	private static Case get(String path, String header) {
		return new Case("GET " + path + " HTTP/1.1\nHost: x" + ((header != null) ? "\n" + header : ""), Body.none(),
				Set.of(), null);
	}

	private static Case json(String path, String json) {
		return json(path, json, null);
	}

	private static Case json(String path, String json, String header) {
		return body("POST", path, "application/json", json, header);
	}

	private static Case body(String method, String path, String contentType, String text, String header) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		return new Case(method + " " + path + " HTTP/1.1\nHost: x\nContent-Type: " + contentType + "\nContent-Length: "
				+ bytes.length + ((header != null) ? "\n" + header : ""), Body.bytes(bytes), Set.of(), null);
	}

	private static Case multipart(String method, String path, String header, String field, String fileName,
			String content) {
		String boundary = "flo-boundary-7MA4YWxkTrZu0gW";
		String text = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
				+ fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content + "\r\n--" + boundary
				+ "--\r\n";
		return body(method, path, "multipart/form-data; boundary=" + boundary, text, header);
	}

	private Case multipartCompare(String evaluation) {
		String boundary = "flo-boundary-7MA4YWxkTrZu0gW";
		String text = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"analysisId\"\r\n\r\n"
				+ this.analysisId + "\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"evaluation\"; filename=\"evaluation.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\n" + evaluation + "\r\n--" + boundary + "--\r\n";
		return body("POST", "/api/analyses/compare", "multipart/form-data; boundary=" + boundary, text, ADMIN);
	}

	/** A multipart upload whose file part runs {@code size} bytes, sent chunked. */
	private static Body chunkedMultipart(String boundary, String fileName, long size) {
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
				+ "\"\r\nContent-Type: audio/wav\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
		Body file = Body.repeated(size, (byte) 'R');
		return (out) -> {
			java.io.OutputStream chunks = new java.io.OutputStream() {

				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					if (length == 0) {
						return;
					}
					out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(bytes, offset, length);
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				}

			};
			chunks.write(head);
			file.write(chunks);
			chunks.write(tail);
			out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		};
	}

}
