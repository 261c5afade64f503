package ai.flo.interviewer.livekit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether LiveKit is configured (never the secret). Reachability is the agent worker's
 * concern.
 */
@Component("livekit")
class LiveKitHealthIndicator implements HealthIndicator {

	private final LiveKitProperties properties;

	LiveKitHealthIndicator(LiveKitProperties properties) {
		this.properties = properties;
	}

	@Override
	public Health health() {
		Health.Builder builder = Health.up().withDetail("configured", this.properties.configured());
		if (this.properties.url() != null) {
			builder.withDetail("url", this.properties.url().toString());
		}
		return builder.build();
	}

}
