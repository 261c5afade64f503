package ai.flo.interviewer.access;

import java.io.IOException;
import java.security.Principal;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import ai.flo.interviewer.shared.Problems;
import ai.flo.interviewer.shared.RequestPaths;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requires an admin key for {@code /api/**} except the candidate-facing paths listed in
 * {@link #PUBLIC_PATHS}, and for Prometheus' {@code /metrics}. {@code /health},
 * {@code /openapi} and {@code /swagger-ui.html} are public.
 */
@Component
@Profile("!worker")
class AdminKeyFilter extends OncePerRequestFilter {

	/**
	 * Paths under /api that candidates call without an admin key (they bring their own
	 * proof).
	 */
	static final List<String> PUBLIC_PATHS = List.of("/api/interviews/join", "/api/interviews/consent",
			"/api/interviews/lookup", "/api/interviews/resume-text", "/api/livekit/webhook");

	/**
	 * Report links: the unguessable token in the path is the credential (checked by the
	 * controller).
	 */
	static final java.util.regex.Pattern REPORT_LINK = java.util.regex.Pattern
		.compile("/api/reports/[A-Za-z0-9_-]{20,64}(/pdf)?");

	/**
	 * Session endpoints a candidate may call with their session token; the controller
	 * accepts that session's token or an admin key.
	 */
	static final List<String> CANDIDATE_PATHS = List.of("GET /api/sessions/[A-Za-z0-9-]{1,64}",
			"POST /api/sessions/[A-Za-z0-9-]{1,64}/proctoring", "POST /api/sessions/[A-Za-z0-9-]{1,64}/rejoin",
			"POST /api/sessions/[A-Za-z0-9-]{1,64}/leave", "GET /api/sessions/[A-Za-z0-9-]{1,64}/feedback");

	private static final List<java.util.regex.Pattern> CANDIDATE_REQUESTS = CANDIDATE_PATHS.stream()
		.map(java.util.regex.Pattern::compile)
		.toList();

	/** What a read-only key may do. */
	private static final java.util.Set<String> READS = java.util.Set.of("GET", "HEAD", "OPTIONS");

	private final AdminKeys keys;

	private final JsonMapper json;

	AdminKeyFilter(AdminKeys keys, JsonMapper json) {
		this.keys = keys;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RequestPaths.of(request);
		return !(isHealth(path) || isMetrics(path) || path.equals("/api") || path.startsWith("/api/"))
				|| "OPTIONS".equals(request.getMethod());
	}

	/** Paths under /api that take no admin key, though an admin may use one there. */
	private static boolean open(String method, String path) {
		String request = method + " " + path;
		return PUBLIC_PATHS.contains(path) || REPORT_LINK.matcher(path).matches()
				|| CANDIDATE_REQUESTS.stream().anyMatch((pattern) -> pattern.matcher(request).matches());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = AdminAccess.bearer(request.getHeader("Authorization"));
		String path = RequestPaths.of(request);
		AdminIdentity identity = this.keys.identify(presented);
		if (isHealth(path)) {
			// Public, with its status only; an admin sees the details
			// (management.endpoint.health.show-details: when-authorized).
			if (identity != null) {
				request.setAttribute(AdminAccess.IDENTITY, identity);
			}
			chain.doFilter((identity != null) ? new Admin(request) : request, response);
			return;
		}
		if (identity != null && identity.readOnly() && !READS.contains(request.getMethod())) {
			refuse(request, response, HttpStatus.FORBIDDEN,
					Problems.of(HttpStatus.FORBIDDEN, "admin-key-read-only", "Key may only read",
							"The key '" + identity.name() + "' is read-only: it may GET, not " + request.getMethod()
									+ ". Use a key without ':read' in ADMIN_API_KEYS."));
			return;
		}
		if (identity != null) {
			request.setAttribute(AdminAccess.IDENTITY, identity);
			chain.doFilter(request, response);
			return;
		}
		if (open(request.getMethod(), path)) {
			// The candidate's own credential (a session token, a report link) is checked
			// where it is used.
			chain.doFilter(request, response);
			return;
		}
		response.setHeader("WWW-Authenticate", "Bearer");
		refuse(request, response, HttpStatus.UNAUTHORIZED, unauthorized(presented));
	}

	/**
	 * The problem for a request without an admin key ({@code presented} null) or a wrong
	 * one.
	 */
	static ProblemDetail unauthorized(String presented) {
		return (presented == null)
				? Problems.of(HttpStatus.UNAUTHORIZED, "admin-key-missing", "Admin key required",
						"Send an admin API key as 'Authorization: Bearer <key>' (keys come from ADMIN_API_KEYS).")
				: Problems.of(HttpStatus.UNAUTHORIZED, "admin-key-invalid", "Admin key not accepted",
						"The key sent is not one of the configured admin API keys.");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status,
			ProblemDetail problem) throws IOException {
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
	}

	/** Prometheus' scrape ({@code management.endpoints.web.path-mapping.prometheus}). */
	private static boolean isMetrics(String path) {
		return path.equals("/metrics") || path.startsWith("/metrics/");
	}

	private static boolean isHealth(String path) {
		return path.equals("/health") || path.startsWith("/health/");
	}

	/** A request made with an admin key, as Spring's endpoints ask it. */
	private static final class Admin extends HttpServletRequestWrapper {

		private static final Principal ADMIN = () -> "admin";

		Admin(HttpServletRequest request) {
			super(request);
		}

		@Override
		public Principal getUserPrincipal() {
			return ADMIN;
		}

		@Override
		public boolean isUserInRole(String role) {
			return "ADMIN".equals(role);
		}

	}

}
