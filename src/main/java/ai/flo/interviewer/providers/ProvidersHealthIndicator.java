package ai.flo.interviewer.providers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Which providers have a key, and where each is reached. Never the keys. Always UP: a
 * missing key disables features, it does not make the service unhealthy.
 */
@Component("providers")
class ProvidersHealthIndicator implements HealthIndicator {

	private final ProvidersProperties providers;

	ProvidersHealthIndicator(ProvidersProperties providers) {
		this.providers = providers;
	}

	@Override
	public Health health() {
		Health.Builder builder = Health.up();
		this.providers.byName()
			.forEach((name, provider) -> builder.withDetail(name,
					java.util.Map.of("configured", provider.configured(), "baseUrl", provider.baseUrl().toString())));
		return builder.build();
	}

}
