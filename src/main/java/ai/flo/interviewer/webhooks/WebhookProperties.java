package ai.flo.interviewer.webhooks;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;

import ai.flo.interviewer.shared.ConfigurationException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where events go, and the secret they are signed with.
 *
 * @param url {@code FLO_WEBHOOK_URL}: the receiver; empty: no webhooks
 * @param secret {@code FLO_WEBHOOK_SECRET}: {@code whsec_} and base64 (24 to 64 bytes),
 * as the Standard Webhooks specification has it; required with a URL
 * @param timeout how long one attempt may take
 * @param maxAttempts attempts before a delivery is FAILED (spaced by the jobs' backoff)
 */
@ConfigurationProperties("flo.webhook")
record WebhookProperties(URI url, String secret, @DefaultValue("10s") Duration timeout,
		@DefaultValue("8") int maxAttempts) {

	static final String PREFIX = "whsec_";

	WebhookProperties {
		if (url != null && url.toString().isBlank()) {
			url = null;
		}
		secret = (secret == null || secret.isBlank()) ? null : secret.strip();
		if (url != null) {
			if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
				throw new ConfigurationException("FLO_WEBHOOK_URL", "'" + url + "' is not an http(s) URL.",
						"Set FLO_WEBHOOK_URL to the receiver's address, e.g. https://ats.example.com/hooks/flo.");
			}
			if (secret == null) {
				throw new ConfigurationException("FLO_WEBHOOK_SECRET", "is empty while FLO_WEBHOOK_URL is set.",
						"Set FLO_WEBHOOK_SECRET to whsec_ followed by 24 to 64 random bytes in base64 "
								+ "(e.g. whsec_$(openssl rand -base64 32)); give the receiver the same secret.");
			}
			key(secret);
		}
		if (maxAttempts < 1 || timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("FLO_WEBHOOK_MAX_ATTEMPTS and FLO_WEBHOOK_TIMEOUT must be positive");
		}
	}

	boolean enabled() {
		return this.url != null;
	}

	/** The signing key: the secret's base64 part, decoded. */
	byte[] key() {
		return key(this.secret);
	}

	private static byte[] key(String secret) {
		if (!secret.startsWith(PREFIX)) {
			throw invalid("does not start with " + PREFIX);
		}
		byte[] key;
		try {
			key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("is not base64 after " + PREFIX);
		}
		if (key.length < 24 || key.length > 64) {
			throw invalid("holds " + key.length + " bytes; 24 to 64 are required");
		}
		return key;
	}

	private static ConfigurationException invalid(String problem) {
		return new ConfigurationException("FLO_WEBHOOK_SECRET", problem + ".",
				"Set it to whsec_ followed by 24 to 64 random bytes in base64 (whsec_$(openssl rand -base64 32)).");
	}

	@Override
	public String toString() {
		return "WebhookProperties[url=" + this.url + ", secret=" + ((this.secret != null) ? "(set)" : "(not set)")
				+ "]";
	}

}
