package ai.flo.interviewer.worker;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param healthPort port of the worker's own health endpoint (never the API's port)
 * @param heartbeatInterval how often the worker records that it is alive
 * @param heartbeatStaleAfter a heartbeat older than this means the worker is DOWN
 * @param required whether the API's health depends on a live worker on this host (false
 * for an API-only deployment whose workers run elsewhere)
 */
@Validated
@ConfigurationProperties("flo.worker")
record WorkerProperties(@DefaultValue("8081") @Min(1) @Max(65535) int healthPort,
		@DefaultValue("5s") @NotNull Duration heartbeatInterval,
		@DefaultValue("30s") @NotNull Duration heartbeatStaleAfter, @DefaultValue("true") boolean required) {
}
