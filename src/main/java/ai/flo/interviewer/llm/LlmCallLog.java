package ai.flo.interviewer.llm;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import ai.flo.interviewer.providers.ProviderMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One row per LLM call in {@code llm_calls}: task, provider, model, attempts, tokens,
 * latency, outcome; and the same as meters ({@link ProviderMetrics}).
 */
@Component
class LlmCallLog {

	private static final Logger log = LoggerFactory.getLogger(LlmCallLog.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final Clock clock;

	private final ProviderMetrics metrics;

	LlmCallLog(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, ProviderMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
	}

	Call start(LlmTask task, String provider, String model) {
		return new Call(UUID.randomUUID().toString(), task, provider, model, this.clock.millis(), System.nanoTime());
	}

	void record(Call call) {
		long nanos = System.nanoTime() - call.startNanos;
		long latency = nanos / 1_000_000;
		String task = call.task.name();
		this.metrics.call(call.provider, task, call.outcome, Duration.ofNanos(nanos));
		this.metrics.tokens(call.provider, task, "prompt", call.promptTokens);
		this.metrics.tokens(call.provider, task, "completion", call.completionTokens);
		try {
			this.ownTransaction.executeWithoutResult((status) -> this.jdbc
				.sql("""
						INSERT INTO llm_calls (id, task, provider, model, started_at, latency_ms, attempts, repaired,
						  prompt_tokens, completion_tokens, outcome, error)
						VALUES (:id, :task, :provider, :model, :startedAt, :latency, :attempts, :repaired, :prompt, :completion,
						  :outcome, :error)""")
				.param("id", call.id)
				.param("task", call.task.name())
				.param("provider", call.provider)
				.param("model", call.model)
				.param("startedAt", call.startedAt)
				.param("latency", latency)
				.param("attempts", call.attempts)
				.param("repaired", call.repaired ? 1 : 0)
				.param("prompt", call.promptTokens)
				.param("completion", call.completionTokens)
				.param("outcome", call.outcome)
				.param("error",
						(call.error != null && call.error.length() > 2000) ? call.error.substring(0, 2000) : call.error)
				.update());
		}
		catch (RuntimeException ex) {
			// Bookkeeping must not fail the feature that made the call.
			log.warn("Recording LLM call {} failed: {}", call.id, ex.toString());
		}
	}

	/** The bookkeeping of one call, filled in as it goes. */
	static final class Call {

		final String id;

		final LlmTask task;

		final String provider;

		final String model;

		final long startedAt;

		final long startNanos;

		int attempts;

		boolean repaired;

		long promptTokens;

		long completionTokens;

		String outcome = "FAILED";

		String error;

		Call(String id, LlmTask task, String provider, String model, long startedAt, long startNanos) {
			this.id = id;
			this.task = task;
			this.provider = provider;
			this.model = model;
			this.startedAt = startedAt;
			this.startNanos = startNanos;
		}

		void attempt() {
			this.attempts++;
		}

		void usage(long prompt, long completion) {
			this.promptTokens += prompt;
			this.completionTokens += completion;
		}

		void repaired() {
			this.repaired = true;
		}

		void succeeded() {
			this.outcome = "OK";
		}

		void failed(String kind, String message) {
			this.outcome = kind;
			this.error = message;
		}

	}

}
