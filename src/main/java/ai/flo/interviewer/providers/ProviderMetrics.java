package ai.flo.interviewer.providers;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Every call to an AI provider as meters (docs/metrics.md): {@value #CALLS}, a timer by
 * provider, task and outcome, and {@value #TOKENS}, the tokens a call used. Tags are
 * low-cardinality by construction: provider names, tasks and outcomes are small fixed
 * sets (never a model name given by configuration, never an id).
 */
@Component
public class ProviderMetrics {

	public static final String CALLS = "flo.provider.calls";

	public static final String TOKENS = "flo.provider.tokens";

	private final MeterRegistry registry;

	public ProviderMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/** For clients made by hand (unit tests): meters that go nowhere. */
	public static ProviderMetrics none() {
		return new ProviderMetrics(new SimpleMeterRegistry());
	}

	/**
	 * One call, attempts and waits between them included.
	 * @param provider {@code openai}, {@code groq}, {@code gemini}, {@code cartesia}
	 * @param task what the call was for ({@code analysis}, {@code transcription},
	 * {@code synthesis} ...)
	 * @param outcome {@code ok}, or what went wrong ({@code rate_limited},
	 * {@code unavailable}, {@code failed} ...)
	 */
	public void call(String provider, String task, String outcome, Duration duration) {
		Timer.builder(CALLS)
			.description("Calls to AI providers (all attempts of one call)")
			.tag("provider", tag(provider))
			.tag("task", tag(task))
			.tag("outcome", tag(outcome))
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(10))
			.maximumExpectedValue(Duration.ofMinutes(5))
			.register(this.registry)
			.record(duration);
	}

	/**
	 * Tokens a call used.
	 * @param type {@code prompt} or {@code completion}
	 */
	public void tokens(String provider, String task, String type, long count) {
		if (count <= 0) {
			return;
		}
		Counter.builder(TOKENS)
			.description("Tokens used by LLM calls")
			.baseUnit("tokens")
			.tag("provider", tag(provider))
			.tag("task", tag(task))
			.tag("type", type)
			.register(this.registry)
			.increment(count);
	}

	private static String tag(String value) {
		return (value == null || value.isBlank()) ? "unknown" : value.toLowerCase(Locale.ROOT);
	}

}
