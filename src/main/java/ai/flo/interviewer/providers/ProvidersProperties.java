package ai.flo.interviewer.providers;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Keys and base URLs of the providers ({@code OPENAI_API_KEY}/{@code OPENAI_BASE_URL} and
 * so on). A base URL points a provider at a self-hosted compatible server, or at a local
 * one in tests.
 */
@Validated
@ConfigurationProperties("flo.providers")
public record ProvidersProperties(@Valid @NotNull Provider openai, @Valid @NotNull Provider groq,
		@Valid @NotNull Provider gemini, @Valid @NotNull Provider cartesia) {

	/** One provider: its API key (may be empty) and base URL. */
	public record Provider(String apiKey, @NotNull URI baseUrl) {

		public Provider {
			apiKey = (apiKey == null || apiKey.isBlank()) ? null : apiKey.strip();
			if (baseUrl != null && (baseUrl.getScheme() == null || baseUrl.getHost() == null
					|| !(baseUrl.getScheme().equals("http") || baseUrl.getScheme().equals("https")))) {
				throw new IllegalArgumentException("base URL '" + baseUrl + "' must be an http(s) URL with a host");
			}
		}

		public boolean configured() {
			return this.apiKey != null;
		}

		@Override
		public String toString() {
			return "Provider[baseUrl=" + this.baseUrl + ", apiKey=" + (configured() ? "(set)" : "(not set)") + "]";
		}

	}

	/** The providers by name, in a fixed order. */
	public Map<String, Provider> byName() {
		Map<String, Provider> all = new LinkedHashMap<>();
		all.put("openai", this.openai);
		all.put("groq", this.groq);
		all.put("gemini", this.gemini);
		all.put("cartesia", this.cartesia);
		return all;
	}

	/**
	 * The provider's key, or a {@link ProviderNotConfiguredException} naming the variable
	 * to set.
	 */
	public String requireKey(String name) {
		Provider provider = byName().get(name);
		if (provider == null || !provider.configured()) {
			throw new ProviderNotConfiguredException(name);
		}
		return provider.apiKey();
	}

}
