package ai.flo.interviewer.analysis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Links to a report that work without an admin key until they expire: the token is random
 * (192 bits) and only its SHA-256 digest is stored.
 */
@Component
class ReportLinks {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final AnalysisStore store;

	private final AnalysisProperties properties;

	private final Clock clock;

	ReportLinks(AnalysisStore store, AnalysisProperties properties, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
	}

	/** A new link's token and when it expires. */
	record Link(String token, Instant expiresAt) {
	}

	Link create(String analysisId) {
		byte[] bytes = new byte[24];
		RANDOM.nextBytes(bytes);
		String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		long expires = this.clock.millis() + this.properties.reportLinkValidity().toMillis();
		this.store.saveLink(digest(token), analysisId, expires);
		return new Link(token, Instant.ofEpochMilli(expires));
	}

	/** The analysis a token opens; a problem when it is unknown or has expired. */
	String analysisOf(String token) {
		return this.store.linkedAnalysis(digest(token))
			.orElseThrow(() -> new AnalysisProblem(HttpStatus.NOT_FOUND, "report-link-invalid",
					"Unknown or expired link", "This report link is unknown or has expired: ask for a new one."));
	}

	static String digest(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
