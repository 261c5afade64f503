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

	public static void main(String[] args) {
		SpringApplication.run(FloInterviewerApplication.class, args);
	}

}
