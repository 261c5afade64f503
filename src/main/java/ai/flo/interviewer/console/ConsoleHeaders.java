package ai.flo.interviewer.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ai.flo.interviewer.shared.RequestPaths;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers for everything under {@code /console}. The console runs only its own
 * scripts and styles and talks only to this origin; no page may frame it.
 * <p>
 * One page differs: {@code report.html}, which the console frames to show an analysis's
 * HTML report. The report is fetched with the admin key and shown in a sandboxed frame
 * without scripts inside that page; it needs inline styles (its stylesheet and its chart
 * bars), so that page, and only that page, allows them.
 */
@Component
@Profile("!worker")
class ConsoleHeaders extends OncePerRequestFilter {

	static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	static final String REPORT_FRAME_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = RequestPaths.of(request);
		return !(path.equals("/console") || path.startsWith("/console/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		boolean reportFrame = RequestPaths.of(request).equals("/console/report.html");
		response.setHeader("Content-Security-Policy", reportFrame ? REPORT_FRAME_POLICY : POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
		response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
		// The assets change with the jar: always ask whether they did (Last-Modified).
		response.setHeader("Cache-Control", "no-cache");
		chain.doFilter(request, response);
	}

}
