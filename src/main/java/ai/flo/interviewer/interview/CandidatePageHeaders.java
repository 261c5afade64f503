package ai.flo.interviewer.interview;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import ai.flo.interviewer.livekit.LiveKitProperties;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers of the candidate's page and its files ({@code /interview},
 * {@code /interview/**}). The Content-Security-Policy lets the page run only the scripts
 * and styles the jar serves (nothing inline, nothing from another host) and connect only
 * to this service and to the LiveKit server of {@code LIVEKIT_URL}: the join answers that
 * URL, and the browser opens its WebSocket (ws: or wss:) and, when a connection fails,
 * asks the same host over http(s) why ({@code /rtc/validate}), so both schemes of that
 * one origin are allowed, no other. For LiveKit Cloud ({@code *.livekit.cloud}) the SDK
 * also connects to regional hosts of that domain, which are allowed too. Media (WebRTC)
 * is not governed by the policy. No referrer leaves the page (its address may carry the
 * code), the microphone is allowed for the page itself only, and no other site may frame
 * it.
 */
@Component
@Profile("!worker")
class CandidatePageHeaders extends OncePerRequestFilter {

	private final String policy;

	CandidatePageHeaders(LiveKitProperties livekit) {
		this.policy = policy(livekit.url());
	}

	static String policy(URI livekit) {
		Set<String> connect = new LinkedHashSet<>();
		connect.add("'self'");
		if (livekit != null) {
			String scheme = livekit.getScheme().toLowerCase(Locale.ROOT);
			boolean secure = scheme.equals("wss") || scheme.equals("https");
			String authority = livekit.getHost() + ((livekit.getPort() >= 0) ? ":" + livekit.getPort() : "");
			connect.add((secure ? "wss://" : "ws://") + authority);
			connect.add((secure ? "https://" : "http://") + authority);
			if (livekit.getHost().toLowerCase(Locale.ROOT).endsWith(".livekit.cloud")) {
				connect.add("wss://*.livekit.cloud");
				connect.add("https://*.livekit.cloud");
			}
		}
		return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
				+ "connect-src " + String.join(" ", connect) + "; base-uri 'none'; form-action 'none'; "
				+ "frame-ancestors 'none'";
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI();
		return !(path.equals("/interview") || path.startsWith("/interview/"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", this.policy);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Permissions-Policy", "microphone=(self), camera=(), geolocation=()");
		response.setHeader("X-Frame-Options", "DENY");
		// Revalidated on every load: a new release's page and scripts are picked up at
		// once.
		response.setHeader("Cache-Control", "no-cache");
		chain.doFilter(request, response);
	}

}
