package ai.flo.interviewer.shared;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

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

}
