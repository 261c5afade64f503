package ai.flo.interviewer.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Bounds what every request may send, before anything reads it: a body larger than its
 * endpoint's {@link BodyLimit} (or {@code FLO_HTTP_MAX_JSON_SIZE}) is refused with 413 on
 * its stated length, or as soon as a body without a stated length (chunked) passes the
 * limit; a multipart body is refused (415) on every endpoint that takes no upload, so
 * nothing parses it; a non-upload body must arrive within
 * {@code FLO_HTTP_BODY_READ_TIMEOUT} (408). Runs first of all filters.
 */
@Component
@Profile("!worker")
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestLimitFilter extends OncePerRequestFilter {

	/** The limit that applied to a request, for error messages further down. */
	static final String LIMIT_ATTRIBUTE = RequestLimitFilter.class.getName() + ".limit";

	private final List<Rule> rules;

	private final HttpProperties properties;

	private final JsonMapper json;

	RequestLimitFilter(List<BodyLimit> limits, HttpProperties properties, JsonMapper json) {
		this.rules = limits.stream().map(Rule::new).toList();
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = RequestPaths.of(request);
		BodyLimit limit = limitFor(request.getMethod(), path);
		long max = (limit != null) ? limit.max().toBytes() : this.properties.maxJsonSize().toBytes();
		request.setAttribute(LIMIT_ATTRIBUTE, max);
		String contentType = request.getContentType();
		boolean multipart = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
		if (multipart && (limit == null || !limit.multipart())) {
			refuse(request, response,
					Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "multipart-not-accepted", "No upload here",
							request.getMethod() + " " + path + " takes no multipart upload"
									+ ((limit == null) ? ": send JSON (Content-Type: application/json)." : ".")
									+ " Recordings and transcripts are uploaded to POST /api/analyses."));
			return;
		}
		long length = request.getContentLengthLong();
		if (length > max) {
			refuse(request, response, (multipart) ? uploadTooLarge(limit, length) : tooLarge(path, length, max));
			return;
		}
		if (multipart) {
			// The servlet container reads uploads to disk itself, bounded by the
			// multipart
			// configuration.
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new Bounded(request, path, max, this.properties.bodyReadTimeout().toNanos()), response);
	}

	private BodyLimit limitFor(String method, String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (Rule rule : this.rules) {
			if (rule.limit.method().equalsIgnoreCase(method) && rule.pattern.matches(container)) {
				return rule.limit;
			}
		}
		return null;
	}

	static ProblemDetail tooLarge(String path, long length, long max) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request body too large",
				"The body " + ((length >= 0) ? "(" + length + " bytes) " : "") + "is larger than the " + size(max)
						+ " that " + path + " accepts.");
	}

	/**
	 * An upload refused on its stated length: the same problem as one the servlet
	 * container stops while reading it.
	 */
	static ProblemDetail uploadTooLarge(BodyLimit limit, long length) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
				"The upload (" + length + " bytes) is larger than the " + size(limit.max().toBytes()) + " that "
						+ limit.method() + " " + limit.path() + " accepts"
						+ ((limit.setting() != null) ? " (" + limit.setting() + ")" : "")
						+ ". Send a smaller file, e.g. the audio track only, compressed (mp3, opus).");
	}

	static String size(long bytes) {
		DataSize size = DataSize.ofBytes(bytes);
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
			throws IOException {
		problem.setInstance(URI.create(request.getRequestURI()));
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// The body is not read: let the client know the connection will not carry another
		// request.
		response.setHeader("Connection", "close");
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

	private record Rule(BodyLimit limit, PathPattern pattern) {

		Rule(BodyLimit limit) {
			this(limit, PathPatternParser.defaultInstance.parse(limit.path()));
		}

	}

	/** The body is more than its endpoint accepts (thrown while it is being read). */
	public static final class BodyTooLargeException extends RuntimeException {

		private final String path;

		private final long max;

		BodyTooLargeException(String path, long max) {
			super("body over " + max + " bytes");
			this.path = path;
			this.max = max;
		}

		ProblemDetail problem() {
			return tooLarge(this.path, -1, this.max);
		}

	}

	/** The client took longer than allowed to send the body. */
	public static final class BodyTooSlowException extends RuntimeException {

		BodyTooSlowException(String message) {
			super(message);
		}

	}

	/** The request with its body counted and timed as it is read. */
	private static final class Bounded extends HttpServletRequestWrapper {

		private final String path;

		private final long max;

		private final long deadlineNanos;

		private final long timeoutNanos;

		private ServletInputStream stream;

		private BufferedReader reader;

		Bounded(HttpServletRequest request, String path, long max, long timeoutNanos) {
			super(request);
			this.path = path;
			this.max = max;
			this.timeoutNanos = timeoutNanos;
			this.deadlineNanos = System.nanoTime() + timeoutNanos;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new Counted(super.getInputStream());
			}
			return this.stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			if (this.reader == null) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				this.reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
			}
			return this.reader;
		}

		private final class Counted extends ServletInputStream {

			private final ServletInputStream in;

			private long count;

			Counted(ServletInputStream in) {
				this.in = in;
			}

			@Override
			public int read() throws IOException {
				check(0);
				int b = this.in.read();
				check((b < 0) ? 0 : 1);
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				check(0);
				int n = this.in.read(buffer, offset, length);
				check(Math.max(0, n));
				return n;
			}

			private void check(int read) {
				this.count += read;
				if (this.count > Bounded.this.max) {
					throw new BodyTooLargeException(Bounded.this.path, Bounded.this.max);
				}
				if (System.nanoTime() - Bounded.this.deadlineNanos > 0) {
					throw new BodyTooSlowException("The request body did not arrive within "
							+ java.time.Duration.ofNanos(Bounded.this.timeoutNanos).toSeconds()
							+ " s (FLO_HTTP_BODY_READ_TIMEOUT): send it at once.");
				}
			}

			@Override
			public boolean isFinished() {
				return this.in.isFinished();
			}

			@Override
			public boolean isReady() {
				return this.in.isReady();
			}

			@Override
			public void setReadListener(ReadListener listener) {
				this.in.setReadListener(listener);
			}

		}

	}

}
