package ai.flo.interviewer.shared;

import java.util.List;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** How Tomcat treats what clients send (with {@link RequestLimitFilter}). */
@Configuration(proxyBeanMethods = false)
@Profile("!worker")
class HttpConfiguration {

	/**
	 * A client that asks before sending a large body ({@code Expect: 100-continue}, as
	 * curl does) is told to go on only when the application reads the body: a body
	 * refused on its stated length (413) is then never sent at all. Tomcat's default
	 * answers "continue" at once.
	 */
	@Bean
	TomcatConnectorCustomizer continueOnlyWhenTheBodyIsRead() {
		return (connector) -> connector.setProperty("continueResponseTiming", "onRead");
	}

	/**
	 * The API reads and writes JSON, not YAML. Spring adds a YAML converter when Jackson
	 * 2's YAML format is on the class path (swagger-core brings it), and building that
	 * converter registers Jackson 2's Kotlin module (openai-java brings it), which loads
	 * Kotlin's reflection at start-up: about 1,000 classes, some 6 MiB of each JVM's
	 * resident memory, for a format no client is offered. A placeholder takes the YAML
	 * converter's place, so that none is built, and is then taken out of the list.
	 */
	@Bean
	WebMvcConfigurer noYamlBodies() {
		ByteArrayHttpMessageConverter placeholder = new ByteArrayHttpMessageConverter();
		placeholder.setSupportedMediaTypes(List.of(MediaType.APPLICATION_YAML));
		return new WebMvcConfigurer() {

			@Override
			public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
				builder.withYamlConverter(placeholder)
					.configureMessageConvertersList((converters) -> converters.remove(placeholder));
			}

		};
	}

}
