package ai.flo.interviewer.shared;

import java.io.IOException;
import java.util.Collections;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Behind a reverse proxy every request comes from the proxy: when the peer is one of
 * {@code FLO_TRUSTED_PROXIES}, {@link HttpServletRequest#getRemoteAddr()} answers the
 * client's address from {@code X-Forwarded-For} instead (rate limits, logs). Without
 * trusted proxies the header is ignored: anyone can write it.
 */
@Component
@Profile("!worker")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientAddressFilter extends OncePerRequestFilter {

	private final TrustedProxies proxies;

	ClientAddressFilter(HttpProperties properties) {
		this.proxies = TrustedProxies.of(properties.trustedProxies());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.proxies.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String client = this.proxies.client(request.getRemoteAddr(),
				Collections.list(request.getHeaders("X-Forwarded-For")));
		if (client.equals(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		chain.doFilter(new HttpServletRequestWrapper(request) {

			@Override
			public String getRemoteAddr() {
				return client;
			}

			@Override
			public String getRemoteHost() {
				return client;
			}

		}, response);
	}

}
