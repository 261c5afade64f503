package ai.flo.interviewer.speech;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Text-to-speech settings for the voice interviewer.
 *
 * @param provider cartesia or openai (the provider's key and base URL come from its
 * variables)
 * @param model empty for the provider's default: {@code sonic-2} for Cartesia
 * ({@code sonic-3} and later also work), {@code gpt-4o-mini-tts} for OpenAI
 * ({@code tts-1} answers sooner, {@code tts-1-hd} sounds better)
 * @param voice empty for the provider's default: for Cartesia a voice id (a UUID from its
 * voice library; the default is the voice of Cartesia's own quickstart examples), for
 * OpenAI a voice name ({@code alloy}, {@code ash}, {@code coral}, {@code echo},
 * {@code nova}, {@code sage}, {@code shimmer} ...; the default is {@code alloy})
 * @param speed speaking rate, 0.5 to 2.0 (1.0 is the voice's own); Cartesia takes less
 * than that range and gets it clamped (see {@link TextToSpeech})
 * @param language ISO-639-1 code of the text, passed to Cartesia (OpenAI takes the text
 * as it is)
 * @param cartesiaVersion the {@code Cartesia-Version} header: which version of Cartesia's
 * API to speak
 * @param timeout how long one request may take, from sending it to the last byte of audio
 * @param maxAttempts attempts per sentence on 429, 5xx, timeouts and connection failures,
 * as long as no audio came yet
 * @param maxRetryWait longest wait between attempts (also caps a provider's Retry-After):
 * the candidate is waiting
 */
@Validated
@ConfigurationProperties("flo.speech.synthesis")
record SynthesisProperties(@DefaultValue("cartesia") @NotBlank @Pattern(regexp = "cartesia|openai") String provider,
		String model, String voice, @DefaultValue("1.0") @DecimalMin("0.5") @DecimalMax("2.0") double speed,
		@DefaultValue("en") @NotBlank String language, @DefaultValue("2025-04-16") @NotBlank String cartesiaVersion,
		@DefaultValue("30s") @NotNull Duration timeout, @DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
		@DefaultValue("2s") @NotNull Duration maxRetryWait) {

	static final String CARTESIA_MODEL = "sonic-2";

	static final String CARTESIA_VOICE = "694f9389-aac1-45b6-b726-9d9369183238";

	static final String OPENAI_MODEL = "gpt-4o-mini-tts";

	static final String OPENAI_VOICE = "alloy";

	private static final java.util.regex.Pattern UUID = java.util.regex.Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	SynthesisProperties {
		provider = (provider == null) ? null : provider.strip();
		boolean cartesia = "cartesia".equals(provider);
		model = (model == null || model.isBlank()) ? (cartesia ? CARTESIA_MODEL : OPENAI_MODEL) : model.strip();
		voice = (voice == null || voice.isBlank()) ? (cartesia ? CARTESIA_VOICE : OPENAI_VOICE) : voice.strip();
		language = (language == null) ? null : language.strip();
		// A voice of the other provider would only fail at the first sentence of an
		// interview.
		if (cartesia && !UUID.matcher(voice).matches()) {
			throw new IllegalArgumentException("FLO_TTS_VOICE '" + voice
					+ "' is not a Cartesia voice id (a UUID from Cartesia's voice library); leave it empty for the default");
		}
		if ("openai".equals(provider) && UUID.matcher(voice).matches()) {
			throw new IllegalArgumentException("FLO_TTS_VOICE '" + voice
					+ "' looks like a Cartesia voice id, not an OpenAI voice such as alloy; leave it empty for the default");
		}
	}

}
