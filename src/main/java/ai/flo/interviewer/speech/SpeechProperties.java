package ai.flo.interviewer.speech;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Speech-to-text settings.
 *
 * @param provider openai or groq (the provider's key and base URL come from its
 * variables)
 * @param model whisper-1, gpt-4o-transcribe, gpt-4o-mini-transcribe, whisper-large-v3,
 * ...
 * @param language ISO-639-1 code to pass along, or empty to let the model detect it
 * @param timeout how long one request may take
 * @param maxAttempts attempts per request on 429, 5xx, timeouts and connection failures
 * @param maxRetryWait longest wait between attempts (also caps a provider's Retry-After)
 */
@Validated
@ConfigurationProperties("flo.speech.transcription")
public record SpeechProperties(@NotBlank @Pattern(regexp = "openai|groq") String provider, @NotBlank String model,
		String language, @DefaultValue("300s") @NotNull Duration timeout,
		@DefaultValue("4") @Min(1) @Max(10) int maxAttempts, @DefaultValue("30s") @NotNull Duration maxRetryWait) {

	public SpeechProperties {
		language = (language == null || language.isBlank()) ? null : language.strip();
	}

	/**
	 * Models that answer with segment timestamps ({@code verbose_json}); the gpt-4o ones
	 * do not.
	 */
	public boolean timestamps() {
		return !this.model.startsWith("gpt-4o");
	}

}
