package ai.flo.interviewer.livekit;

import java.net.URI;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY}, {@code LIVEKIT_API_SECRET}. All optional
 * at start: without them the service runs, and interview rooms cannot be created.
 *
 * @param agentName {@code FLO_AGENT_NAME}: the agent our worker registers as, and the one
 * the rooms we open dispatch (the contract between the API and the worker)
 */
@ConfigurationProperties("flo.livekit")
public record LiveKitProperties(URI url, String apiKey, String apiSecret, String agentName) {

	private static final Set<String> SCHEMES = Set.of("ws", "wss", "http", "https");

	public LiveKitProperties {
		agentName = (agentName == null || agentName.isBlank()) ? "interviewer" : agentName.strip();
		if (!agentName.matches("[A-Za-z0-9_.-]{1,64}")) {
			throw new IllegalArgumentException(
					"FLO_AGENT_NAME '" + agentName + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		apiKey = blankToNull(apiKey);
		apiSecret = blankToNull(apiSecret);
		if (url != null && url.toString().isBlank()) {
			url = null;
		}
		if (url != null && (url.getScheme() == null || !SCHEMES.contains(url.getScheme()) || url.getHost() == null)) {
			throw new IllegalArgumentException(
					"LIVEKIT_URL '" + url + "' must be a ws://, wss://, http:// or https:// URL with a host");
		}
		if ((apiKey == null) != (apiSecret == null)) {
			throw new IllegalArgumentException("LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set together");
		}
	}

	public boolean configured() {
		return this.url != null && this.apiKey != null;
	}

	@Override
	public String toString() {
		return "LiveKitProperties[url=" + this.url + ", apiKey=" + this.apiKey + ", apiSecret="
				+ ((this.apiSecret != null) ? "(set)" : "(not set)") + ", agentName=" + this.agentName + "]";
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
