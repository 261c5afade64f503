package ai.flo.interviewer.shared;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Database settings.
 *
 * @param url {@code DATABASE_URL} in any form {@link DatabaseUrl} accepts
 * @param maxPoolSize connections per process
 * @param sqliteBusyTimeout how long a SQLite writer waits for the other process's write
 * lock
 */
@Validated
@ConfigurationProperties("flo.database")
public record DatabaseProperties(String url, @DefaultValue("8") @Min(1) @Max(64) int maxPoolSize,
		@DefaultValue("30s") @NotNull Duration sqliteBusyTimeout) {
}
