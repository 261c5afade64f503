package ai.flo.interviewer.shared;

import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The API creates most of its beans when they are first needed, not at start-up
 * ({@code spring.main.lazy-initialization} in application.yml; the worker, whose first
 * interview must not wait for them, creates all at start-up): it reaches UP sooner and
 * stays smaller while idle, because what a request never touches (the provider clients,
 * the voice and analysis services behind endpoints nobody called yet) is neither built
 * nor loaded. The first request to each part pays for it once.
 * <p>
 * What still starts at once: every bound setting ({@code @ConfigurationProperties}, whose
 * checks must refuse a bad {@code .env} at start-up, not at the first request that reads
 * it), and what Spring itself needs eagerly (the web server and its filters, the MVC
 * configuration, scheduled tasks, lifecycle beans, the database and its migrations).
 * Beans that must exist without being asked for (a metric registered in a constructor)
 * say so with {@code @Lazy(false)}.
 */
@Configuration(proxyBeanMethods = false)
class LazyStart {

	@Bean
	static LazyInitializationExcludeFilter boundSettingsStartEagerly() {
		return (name, definition, type) -> type.isAnnotationPresent(ConfigurationProperties.class);
	}

}
