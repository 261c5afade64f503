package ai.flo.interviewer.jobs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job that sleeps, reports progress and fails on request: lets operators check a
 * deployment's job pipeline end to end, and drives the multi-process tests and the jobs
 * benchmark. Only present when {@code FLO_JOBS_DIAGNOSTICS_ENABLED=true}.
 * <p>
 * Payload: {@code {"millis": 100, "steps": 4, "failAttempts": 0, "permanent": false}}.
 */
@Component
@ConditionalOnBooleanProperty("flo.jobs.diagnostics-enabled")
class DiagnosticJobHandler implements JobHandler {

	static final String TYPE = "diagnostics.sleep";

	private final JsonMapper json;

	DiagnosticJobHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public String run(JobContext context) throws Exception {
		JsonNode payload = this.json.readTree(context.payload());
		long millis = payload.path("millis").asLong(0);
		int steps = Math.max(1, payload.path("steps").asInt(1));
		int failAttempts = payload.path("failAttempts").asInt(0);
		if (context.attempt() <= failAttempts) {
			String reason = "diagnostic failure on attempt " + context.attempt();
			if (payload.path("permanent").asBoolean(false)) {
				throw new PermanentJobFailure(reason);
			}
			throw new IllegalStateException(reason);
		}
		for (int step = 1; step <= steps; step++) {
			Thread.sleep(millis / steps);
			context.progress("step " + step + " of " + steps, step * 100 / steps);
		}
		return "{\"sleptMillis\":" + millis + "}";
	}

}
