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
 * {@link #PUBLIC_PATHS}. {@code /health}, {@code /openapi} and {@code /swagger-ui.html}
 * are outside {@code /api}, hence public.
 */
@Component
@Profile("!worker")
class AdminKeyFilter extends OncePerRequestFilter {

	/**
	 * Paths under /api that candidates call without an admin key (they bring their own
	 * proof).
	 */
	static final List<String> PUBLIC_PATHS = List.of("/api/interviews/join", "/api/interviews/consent",
			"/api/livekit/webhook");

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
	static final List<java.util.regex.Pattern> CANDIDATE_PATHS = List.of(
			java.util.regex.Pattern.compile("/api/sessions/[A-Za-z0-9-]{1,64}"),
			java.util.regex.Pattern.compile("/api/sessions/[A-Za-z0-9-]{1,64}/proctoring"),
			java.util.regex.Pattern.compile("/api/sessions/[A-Za-z0-9-]{1,64}/feedback"));

	private final AdminKeys keys;

	private final JsonMapper json;

	AdminKeyFilter(AdminKeys keys, JsonMapper json) {
		this.keys = keys;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RequestPaths.of(request);
		if (isHealth(path)) {
			return false;
		}
		return !(path.equals("/api") || path.startsWith("/api/")) || PUBLIC_PATHS.contains(path)
				|| REPORT_LINK.matcher(path).matches()
				|| CANDIDATE_PATHS.stream().anyMatch((pattern) -> pattern.matcher(path).matches())
				|| "OPTIONS".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = AdminAccess.bearer(request.getHeader("Authorization"));
		String path = RequestPaths.of(request);
		if (isHealth(path)) {
			// Public, with its status only; an admin sees the details
			// (management.endpoint.health.show-details: when-authorized).
			chain.doFilter(this.keys.matches(presented) ? new Admin(request) : request, response);
			return;
		}
		if (this.keys.matches(presented)) {
			chain.doFilter(request, response);
			return;
		}
		ProblemDetail problem = (presented == null)
				? Problems.of(HttpStatus.UNAUTHORIZED, "admin-key-missing", "Admin key required",
						"Send an admin API key as 'Authorization: Bearer <key>' (keys come from ADMIN_API_KEYS).")
				: Problems.of(HttpStatus.UNAUTHORIZED, "admin-key-invalid", "Admin key not accepted",
						"The key sent is not one of the configured admin API keys.");
		problem.setInstance(java.net.URI.create(request.getRequestURI()));
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(this.json.writeValueAsBytes(problem));
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
