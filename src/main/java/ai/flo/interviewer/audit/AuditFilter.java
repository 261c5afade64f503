package ai.flo.interviewer.audit;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ai.flo.interviewer.access.AdminAccess;
import ai.flo.interviewer.access.AdminIdentity;
import ai.flo.interviewer.shared.RequestPaths;

import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every admin request under {@code /api} (which key by name, method, path and
 * query, status, client address), and every report opened through a share link. Wraps the
 * filter that checks admin keys, so it sees who was let in and what came of it. Refused
 * requests (no or a wrong key) are not actions and are not recorded here.
 */
@Component
@Profile("!worker")
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class AuditFilter extends OncePerRequestFilter {

	private static final Pattern REPORT_LINK = Pattern.compile("/api/reports/([A-Za-z0-9_-]{20,64})(/pdf)?");

	private final Audit audit;

	AuditFilter(Audit audit) {
		this.audit = audit;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RequestPaths.of(request);
		return !path.startsWith("/api/") || "OPTIONS".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			record(request, response);
		}
	}

	private void record(HttpServletRequest request, HttpServletResponse response) {
		String path = RequestPaths.of(request);
		String target = path + ((request.getQueryString() != null) ? "?" + request.getQueryString() : "");
		AdminIdentity admin = AdminAccess.identity(request).orElse(null);
		if (admin != null) {
			this.audit.insert(admin.name(), admin.hint(), request.getMethod(), target, response.getStatus(),
					request.getRemoteAddr(), null);
			return;
		}
		Matcher link = REPORT_LINK.matcher(path);
		if (link.matches() && response.getStatus() < 400) {
			String token = link.group(1);
			this.audit.insert("report-link", "…" + token.substring(token.length() - 4), request.getMethod(),
					path.replace(token, "…" + token.substring(token.length() - 4)), response.getStatus(),
					request.getRemoteAddr(), null);
		}
	}

}
