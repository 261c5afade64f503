package ai.flo.interviewer.shared;

import java.util.Arrays;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Browsers may call the API only from the origins in {@code FLO_CORS_ALLOWED_ORIGINS}
 * (comma-separated; none by default: same-origin front ends and server-side clients need
 * none).
 */
@Configuration(proxyBeanMethods = false)
class CorsConfiguration implements WebMvcConfigurer {

	private final String[] origins;

	CorsConfiguration(@Value("${flo.cors.allowed-origins:}") String origins) {
		this.origins = Arrays.stream(origins.split(","))
			.map(String::strip)
			.filter((o) -> !o.isEmpty())
			.toArray(String[]::new);
		for (String origin : this.origins) {
			if (!origin.matches("https?://[^/\\s]+") && !origin.equals("*")) {
				throw new ConfigurationException("FLO_CORS_ALLOWED_ORIGINS", "'" + origin + "' is not an origin.",
						"List origins like https://app.example.com (scheme and host, no path), comma-separated.");
			}
		}
	}

	@Override
	public void addCorsMappings(CorsRegistry registry) {
		if (this.origins.length > 0) {
			registry.addMapping("/api/**")
				.allowedOrigins(this.origins)
				.allowedMethods("GET", "POST", "PUT", "PATCH", "DELETE")
				.allowedHeaders("Authorization", "Content-Type")
				.exposedHeaders("Location", "Retry-After")
				.maxAge(3600);
		}
	}

}
