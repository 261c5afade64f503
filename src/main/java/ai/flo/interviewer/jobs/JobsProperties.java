package ai.flo.interviewer.jobs;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Job runner settings.
 *
 * @param runnerEnabled whether this process claims and runs jobs (true in the worker
 * role)
 * @param concurrency jobs run at once by this process
 * @param pollInterval how often an idle runner looks for work
 * @param lease how long a claim lasts without renewal; a dead worker's jobs run again
 * after it
 * @param maxAttempts default attempts before a job fails for good
 * @param backoffInitial wait after the first failed attempt; doubled after each further
 * one
 * @param backoffMax longest wait between attempts
 * @param shutdownGrace how long a stopping runner lets running jobs finish before
 * interrupting
 * @param keepFinished how long succeeded and cancelled jobs are kept (failed ones stay
 * until retried or deleted)
 * @param diagnosticsEnabled whether the {@code diagnostics.sleep} job type exists (checks
 * and tests)
 */
@Validated
@ConfigurationProperties("flo.jobs")
record JobsProperties(@DefaultValue("false") boolean runnerEnabled, @DefaultValue("2") @Min(1) @Max(64) int concurrency,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("60s") @NotNull Duration lease,
		@DefaultValue("5") @Min(1) @Max(100) int maxAttempts, @DefaultValue("10s") @NotNull Duration backoffInitial,
		@DefaultValue("15m") @NotNull Duration backoffMax, @DefaultValue("30s") @NotNull Duration shutdownGrace,
		@DefaultValue("false") boolean diagnosticsEnabled, @DefaultValue("7d") @NotNull Duration keepFinished) {

	@AssertTrue(message = "lease must be at least 3 seconds (it is renewed every third of it)")
	boolean isLeaseLongEnough() {
		return this.lease == null || this.lease.toMillis() >= 3000;
	}

	Duration backoff(int failedAttempt) {
		long millis = this.backoffInitial.toMillis();
		for (int i = 1; i < failedAttempt && millis < this.backoffMax.toMillis(); i++) {
			millis *= 2;
		}
		return Duration.ofMillis(Math.min(millis, this.backoffMax.toMillis()));
	}

}
