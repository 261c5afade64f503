package ai.flo.interviewer.agent;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The agent's meters (docs/metrics.md). */
@Configuration(proxyBeanMethods = false)
@Profile("worker")
class AgentMeters {

	@Bean
	MeterBinder interviewsActive(AgentWorker agent) {
		return (registry) -> Gauge.builder("flo.interviews.active", agent, AgentWorker::activeJobs)
			.description("Interviews (rooms) this worker's agent is in")
			.register(registry);
	}

}
