package ai.flo.interviewer.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import ai.flo.interviewer.providers.ProvidersProperties;
import com.fasterxml.jackson.core.JacksonException;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.ObjectMappers;
import com.openai.core.http.Headers;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Calls the configured provider for a task and returns a usable answer or throws an
 * {@link LlmException} with the reason. Runs outside any database transaction (calls take
 * seconds); each call is recorded in {@code llm_calls}.
 */
@Component
public class LlmGateway {

	private static final Logger log = LoggerFactory.getLogger(LlmGateway.class);

	private final LlmProperties properties;

	private final ProvidersProperties providers;

	private final LlmCallLog callLog;

	private final Validator validator;

	private final Clock clock;

	private final Map<String, OpenAIClient> clients = new ConcurrentHashMap<>();

	LlmGateway(LlmProperties properties, ProvidersProperties providers, LlmCallLog callLog, Validator validator,
			Clock clock) {
		this.properties = properties;
		this.providers = providers;
		this.callLog = callLog;
		this.validator = validator;
		this.clock = clock;
	}

	/**
	 * Fails with a "not configured" problem (503, naming the variable to set) when the task's
	 * provider has no key: call it before accepting work that will need the LLM.
	 */
	public void ensureConfigured(LlmTask task) {
		this.providers.requireKey(this.properties.route(task).provider());
	}

	/**
	 * Asks for JSON matching {@code type}'s schema (structured outputs), parses it into {@code type}
	 * and validates it (Jakarta constraints on the record). An invalid answer gets one repair
	 * attempt; a second invalid answer fails the call.
	 */
	public <T> T structured(LlmTask task, Prompt prompt, Class<T> type) {
		LlmProperties.Route route = this.properties.route(task);
		OpenAIClient client = client(route.provider());
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(route.model())
			.addSystemMessage(prompt.system())
			.addUserMessage(prompt.user())
			.responseFormat(type)
			.build()
			.rawParams();
		return recorded(task, route, (call) -> {
			String answer = content(task, route, send(call, task, route, client, params));
			try {
				T result = parse(answer, type);
				call.succeeded();
				return result;
			}
			catch (InvalidOutput first) {
				log.info("LLM {} answer invalid ({}); one repair attempt", task, first.getMessage());
				call.repaired();
				ChatCompletionCreateParams repair = params.toBuilder()
					.addAssistantMessage(answer)
					.addUserMessage("That answer is invalid: " + first.getMessage()
							+ ". Reply again with only a JSON object that matches the required schema.")
					.build();
				String second = content(task, route, send(call, task, route, client, repair));
				try {
					T result = parse(second, type);
					call.succeeded();
					return result;
				}
				catch (InvalidOutput again) {
					throw new LlmException(LlmException.Kind.INVALID_OUTPUT, task, route.provider(),
							"The " + route.provider() + " model " + route.model()
									+ " gave no valid answer, even after a repair attempt: " + again.getMessage(),
							again);
				}
			}
		});
	}

	/** Asks for plain text. */
	public String text(LlmTask task, Prompt prompt) {
		LlmProperties.Route route = this.properties.route(task);
		OpenAIClient client = client(route.provider());
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model(route.model())
			.addSystemMessage(prompt.system())
			.addUserMessage(prompt.user())
			.build();
		return recorded(task, route, (call) -> {
			String answer = content(task, route, send(call, task, route, client, params));
			call.succeeded();
			return answer;
		});
	}

	/** Runs one call's work, recording it in {@code llm_calls} however it ends. */
	private <R> R recorded(LlmTask task, LlmProperties.Route route, java.util.function.Function<LlmCallLog.Call, R> work) {
		LlmCallLog.Call call = this.callLog.start(task, route.provider(), route.model());
		try {
			return work.apply(call);
		}
		catch (LlmException ex) {
			call.failed(ex.kind().name(), ex.getMessage());
			throw ex;
		}
		finally {
			this.callLog.record(call);
		}
	}

	private ChatCompletion send(LlmCallLog.Call call, LlmTask task, LlmProperties.Route route, OpenAIClient client,
			ChatCompletionCreateParams params) {
		Duration backoff = Duration.ofSeconds(1);
		RuntimeException last = null;
		LlmException.Kind kind = LlmException.Kind.UNAVAILABLE;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			call.attempt();
			Duration wait = backoff;
			try {
				ChatCompletion completion = client.chat().completions().create(params);
				completion.usage().ifPresent((usage) -> call.usage(usage.promptTokens(), usage.completionTokens()));
				return completion;
			}
			catch (RateLimitException ex) {
				last = ex;
				kind = LlmException.Kind.RATE_LIMITED;
				wait = retryAfter(ex.headers(), backoff);
			}
			catch (InternalServerException ex) {
				last = ex;
				kind = LlmException.Kind.PROVIDER_ERROR;
				wait = retryAfter(ex.headers(), backoff);
			}
			catch (OpenAIServiceException ex) {
				// 4xx other than 429: the request is wrong (model name, key, size); retrying cannot help.
				throw new LlmException(LlmException.Kind.PROVIDER_ERROR, task, route.provider(),
						"The " + route.provider() + " API refused the request (HTTP " + ex.statusCode() + "): "
								+ ex.getMessage(),
						ex, false);
			}
			catch (OpenAIIoException ex) {
				last = ex;
				kind = LlmException.Kind.UNAVAILABLE;
			}
			if (attempt < this.properties.maxAttempts()) {
				log.info("LLM {} attempt {}/{} failed ({}); retrying in {}", task, attempt, this.properties.maxAttempts(),
						last.getMessage(), wait);
				sleep(min(wait, this.properties.maxRetryWait()));
				backoff = min(backoff.multipliedBy(2), this.properties.maxRetryWait());
			}
		}
		String reason = switch (kind) {
			case RATE_LIMITED -> "still rate limited (HTTP 429)";
			case UNAVAILABLE -> "no answer within " + this.properties.timeout() + " or no connection";
			default -> "server error";
		};
		throw new LlmException(kind, task, route.provider(), "The " + route.provider() + " API failed after "
				+ this.properties.maxAttempts() + " attempts: " + reason + " (" + last.getMessage() + ")", last);
	}

	private static String content(LlmTask task, LlmProperties.Route route, ChatCompletion completion) {
		if (completion.choices().isEmpty()) {
			throw new LlmException(LlmException.Kind.INVALID_OUTPUT, task, route.provider(), "The answer had no choices",
					null);
		}
		var message = completion.choices().get(0).message();
		if (message.refusal().isPresent()) {
			throw new LlmException(LlmException.Kind.INVALID_OUTPUT, task, route.provider(),
					"The model refused: " + message.refusal().get(), null);
		}
		return message.content().orElse("");
	}

	private <T> T parse(String answer, Class<T> type) {
		String json = answer.strip();
		// Some compatible servers wrap JSON in a Markdown fence despite the response format.
		if (json.startsWith("```")) {
			json = json.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
		}
		T value;
		try {
			value = ObjectMappers.jsonMapper().readValue(json, type);
		}
		catch (JacksonException ex) {
			throw new InvalidOutput("it is not valid JSON for the schema (" + ex.getOriginalMessage() + ")");
		}
		if (value == null) {
			throw new InvalidOutput("it is empty");
		}
		Set<ConstraintViolation<T>> violations = this.validator.validate(value);
		if (!violations.isEmpty()) {
			throw new InvalidOutput(violations.stream()
				.map((v) -> v.getPropertyPath() + " " + v.getMessage())
				.sorted()
				.collect(Collectors.joining("; ")));
		}
		return value;
	}

	private OpenAIClient client(String provider) {
		String key = this.providers.requireKey(provider);
		return this.clients.computeIfAbsent(provider, (name) -> OpenAIOkHttpClient.builder()
			.apiKey(key)
			.baseUrl(this.providers.byName().get(name).baseUrl().toString())
			.timeout(this.properties.timeout())
			.maxRetries(0)
			.build());
	}

	/** Retry-After (seconds or HTTP date) or retry-after-ms; else the backoff. */
	private Duration retryAfter(Headers headers, Duration backoff) {
		try {
			if (!headers.values("retry-after-ms").isEmpty()) {
				return Duration.ofMillis((long) Double.parseDouble(headers.values("retry-after-ms").get(0)));
			}
			if (!headers.values("retry-after").isEmpty()) {
				String value = headers.values("retry-after").get(0).strip();
				if (value.matches("\\d+(\\.\\d+)?")) {
					return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
				}
				ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
				Duration until = Duration.between(this.clock.instant(), at.toInstant());
				return until.isNegative() ? Duration.ZERO : until;
			}
		}
		catch (RuntimeException ex) {
			// An unreadable header: fall back to our own backoff.
		}
		return backoff;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry an LLM call", ex);
		}
	}

	private static final class InvalidOutput extends RuntimeException {

		InvalidOutput(String message) {
			super(message);
		}

	}

}
