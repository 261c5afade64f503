package ai.flo.interviewer.llm;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param generation provider and model for {@link LlmTask#GENERATION}
 * @param analysis for {@link LlmTask#ANALYSIS}
 * @param resumeParsing for {@link LlmTask#RESUME_PARSING}
 * @param interview for {@link LlmTask#INTERVIEW}
 * @param timeout how long one request may take (a streamed conversation turn included)
 * @param firstTokenTimeout how long a streamed conversation turn may go without data from
 * the provider (waiting for its first token, or between chunks) before the attempt counts
 * as failed
 * @param maxAttempts attempts per call on 429, 5xx and timeouts
 * @param maxRetryWait longest wait between attempts (also caps a provider's Retry-After)
 */
@Validated
@ConfigurationProperties("flo.llm")
record LlmProperties(@Valid @NotNull Route generation, @Valid @NotNull Route analysis,
		@Valid @NotNull Route resumeParsing, @Valid @NotNull Route interview,
		@DefaultValue("60s") @NotNull Duration timeout, @DefaultValue("10s") @NotNull Duration firstTokenTimeout,
		@DefaultValue("4") @Min(1) @Max(10) int maxAttempts, @DefaultValue("30s") @NotNull Duration maxRetryWait) {

	/** A provider (openai, groq, gemini) and a model name. */
	record Route(@NotBlank @Pattern(regexp = "openai|groq|gemini") String provider, @NotBlank String model) {
	}

	Route route(LlmTask task) {
		return Map
			.of(LlmTask.GENERATION, this.generation, LlmTask.ANALYSIS, this.analysis, LlmTask.RESUME_PARSING,
					this.resumeParsing, LlmTask.INTERVIEW, this.interview)
			.get(task);
	}

}
