package ai.flo.interviewer.shared;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ids a request's lines carry, and the threads of a piece of work that carry its ids
 * ({@link LogContext#threads}).
 */
class RequestLogContextTests {

	@Test
	void requestsAboutOneThingCarryItsIdAndNothingElseDoes() {
		assertThat(RequestLogContext.idsOf("/api/sessions/s-1/rejoin")).containsExactly("session.id", "s-1");
		assertThat(RequestLogContext.idsOf("/api/analyses/a_2")).containsExactly("analysis.id", "a_2");
		assertThat(RequestLogContext.idsOf("/api/interviews/i3/sessions")).containsExactly("interview.id", "i3");
		assertThat(RequestLogContext.idsOf("/api/records/r4")).containsExactly("record.id", "r4");
		assertThat(RequestLogContext.idsOf("/api/jobs/j5/questions/q1/history")).containsExactly("hiring.job.id", "j5");
		assertThat(RequestLogContext.idsOf("/api/webhooks/deliveries/d6/redeliver")).containsExactly("delivery.id",
				"d6");
		// actions, lists, secrets (report link tokens) and odd ids are not ids
		assertThat(RequestLogContext.idsOf("/api/sessions/join")).isEmpty();
		assertThat(RequestLogContext.idsOf("/api/analyses/compare")).isEmpty();
		assertThat(RequestLogContext.idsOf("/api/analyses")).isEmpty();
		assertThat(RequestLogContext.idsOf("/api/reports/secret-token")).isEmpty();
		assertThat(RequestLogContext.idsOf("/api/sessions/a b")).isEmpty();
		assertThat(RequestLogContext.idsOf("/api/sessions/" + "x".repeat(65))).isEmpty();
	}

	@Test
	void theIdIsInTheLoggingContextWhileTheRequestIsHandledAndGoneAfter() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/sessions/s-9/leave");
		AtomicReference<String> during = new AtomicReference<>();
		new RequestLogContext().doFilter(request, new MockHttpServletResponse(),
				(req, res) -> during.set(MDC.get("session.id")));
		assertThat(during.get()).isEqualTo("s-9");
		assertThat(MDC.get("session.id")).isNull();
	}

	@Test
	void threadsStartedLaterCarryTheIdsOfTheWorkThatMadeTheirFactory() throws Exception {
		ThreadFactory factory;
		try (LogContext ids = LogContext.of("session.id", "s-7")) {
			factory = LogContext.threads("agent-state-room", true);
		}
		// the executor starts its thread on the first task, from a thread without ids
		var executor = Executors.newSingleThreadExecutor(factory);
		try {
			String seen = CompletableFuture.supplyAsync(() -> MDC.get("session.id"), executor).get();
			assertThat(seen).isEqualTo("s-7");
			assertThat(CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), executor).get())
				.isEqualTo("agent-state-room");
		}
		finally {
			executor.shutdownNow();
		}
		ThreadFactory pool;
		try (LogContext ids = LogContext.of("analysis.id", "an-1")) {
			pool = LogContext.pool("assess-an-1", true);
		}
		Thread first = pool.newThread(() -> {
		});
		Thread second = pool.newThread(() -> {
		});
		assertThat(first.getName()).isEqualTo("assess-an-1-1");
		assertThat(second.getName()).isEqualTo("assess-an-1-2");
		assertThat(second.isDaemon()).isTrue();
	}

}
