package ai.flo.interviewer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * One jar, two roles: without a profile it serves the REST API and {@code /health} on
 * port 8000; with the {@code worker} profile it runs the background side (job runner,
 * LiveKit agent worker) and serves only its own small health endpoint.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class FloInterviewerApplication {

	private static final String NO_WARM_UP = "spring.backgroundpreinitializer.ignore";

	public static void main(String[] args) {
		// Spring Boot warms some libraries up on a thread of its own while the context
		// starts (message converters, Jackson, validation, Tomcat). With start.sh's class
		// data archives those classes are loaded already, and the warm-up builds objects
		// that are thrown away: Spring's client message converters, which bring in
		// Kotlin's reflection (about 1,000 classes, some 6 MiB resident in each role).
		// -Dspring.backgroundpreinitializer.ignore=false turns it back on.
		if (System.getProperty(NO_WARM_UP) == null) {
			System.setProperty(NO_WARM_UP, "true");
		}
		SpringApplication.run(FloInterviewerApplication.class, args);
	}

}
