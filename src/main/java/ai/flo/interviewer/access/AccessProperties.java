package ai.flo.interviewer.access;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param adminApiKeys {@code ADMIN_API_KEYS}: comma-separated admin keys; empty to have
 * one generated at first start
 */
@ConfigurationProperties("flo.access")
record AccessProperties(String adminApiKeys) {

	static final int MIN_KEY_LENGTH = 24;

	AccessProperties {
		for (String key : keys(adminApiKeys)) {
			if (key.length() < MIN_KEY_LENGTH) {
				throw new IllegalArgumentException("every key in ADMIN_API_KEYS must be at least " + MIN_KEY_LENGTH
						+ " characters long (one is " + key.length() + ")");
			}
		}
	}

	List<String> keys() {
		return keys(this.adminApiKeys);
	}

	private static List<String> keys(String value) {
		if (value == null || value.isBlank()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(String::strip).filter((k) -> !k.isEmpty()).toList();
	}

	@Override
	public String toString() {
		return "AccessProperties[adminApiKeys=" + keys().size() + " key(s)]";
	}

}
