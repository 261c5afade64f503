package ai.flo.interviewer.shared;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ProcessIdentity processIdentity(@Value("${flo.role:api}") String role) {
		return ProcessIdentity.current(role);
	}

}
