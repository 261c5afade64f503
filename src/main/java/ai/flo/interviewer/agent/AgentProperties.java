package ai.flo.interviewer.agent;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The LiveKit agent worker.
 *
 * @param useLegacyAgent {@code USE_LEGACY_AGENT}: the simpler prompt-only interviewer
 * @param handler what the agent does in a room: {@code echo} (plays back what it hears,
 * for trials with any LiveKit front end); the interviewer comes with its own issue
 * @param maxJobs interviews one worker runs at once; it reports itself full beyond
 * @param statusInterval how often the worker reports status and load
 * @param drainTimeout on SIGTERM, how long running interviews may go on before they are
 * ended
 * @param reconnectMaxDelay longest wait between attempts to reach LiveKit again
 * @param echoDelay how late the echo agent plays back what it hears
 * @param serverTargetLoad the LiveKit server's {@code agents.target_load} (0.7 unless its
 * configuration says otherwise): the server sends no job to a worker whose load is at or
 * above it, so a worker with a free slot reports less
 */
@Validated
@ConfigurationProperties("flo.agent")
record AgentProperties(@DefaultValue("false") boolean useLegacyAgent,
		@DefaultValue("interviewer") @Pattern(regexp = "echo|interviewer") String handler,
		@DefaultValue("4") @Min(1) @Max(200) int maxJobs, @DefaultValue("2500ms") @NotNull Duration statusInterval,
		@DefaultValue("30m") @NotNull Duration drainTimeout, @DefaultValue("30s") @NotNull Duration reconnectMaxDelay,
		@DefaultValue("500ms") @NotNull Duration echoDelay,
		@DefaultValue("0.7") @DecimalMin("0.05") @DecimalMax("1.0") double serverTargetLoad) {
}
