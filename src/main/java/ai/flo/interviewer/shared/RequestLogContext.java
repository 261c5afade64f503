package ai.flo.interviewer.shared;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every line logged while the API handles a request about one session, analysis,
 * interview, record, hiring job or webhook delivery carries its id, as the lines of the
 * work it starts do ({@link LogContext}): {@code /api/sessions/s1/rejoin} gives
 * {@code session.id=s1}. Only ids of the API's own shape are taken (letters, digits,
 * {@code -}, {@code _}; at most 64); the tokens of shared report links are secrets and
 * are never taken.
 */
@Component
@Profile("!worker")
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestLogContext extends OncePerRequestFilter {

	/** The collections after {@code /api/} whose next segment is an id, and its key. */
	private static final Map<String, String> KEYS = Map.of("sessions", "session.id", "analyses", "analysis.id",
			"interviews", "interview.id", "records", "record.id", "jobs", "hiring.job.id", "webhooks/deliveries",
			"delivery.id");

	private static final Pattern PATH = Pattern
		.compile("/api/(sessions|analyses|interviews|records|jobs|webhooks/deliveries)/([A-Za-z0-9_-]{1,64})(/.*)?");

	/** Segments after a collection that are actions, not ids. */
	private static final Set<String> ACTIONS = Set.of("join", "lookup", "resume-text", "description-text", "compare");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String[] ids = idsOf(RequestPaths.of(request));
		if (ids.length == 0) {
			chain.doFilter(request, response);
			return;
		}
		try (LogContext context = LogContext.of(ids)) {
			chain.doFilter(request, response);
		}
	}

	/** The log context's key and value for a normalised request path (none: empty). */
	static String[] idsOf(String path) {
		Matcher matcher = PATH.matcher(path);
		if (!matcher.matches() || ACTIONS.contains(matcher.group(2))) {
			return new String[0];
		}
		return new String[] { KEYS.get(matcher.group(1)), matcher.group(2) };
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
