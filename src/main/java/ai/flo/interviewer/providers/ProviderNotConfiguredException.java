package ai.flo.interviewer.providers;

import java.util.Locale;

/**
 * A feature needs a provider whose API key is not set. Answered as 503 with what to set.
 */
public class ProviderNotConfiguredException extends RuntimeException {

	private final String provider;

	public ProviderNotConfiguredException(String provider) {
		super("The " + provider + " provider is not configured: set " + variable(provider)
				+ " in the environment (.env) and restart.");
		this.provider = provider;
	}

	public String provider() {
		return this.provider;
	}

	static String variable(String provider) {
		return provider.toUpperCase(Locale.ROOT) + "_API_KEY";
	}

}
