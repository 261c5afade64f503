package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An analysis's progress as Server-Sent Events: the stored status is read every half
 * second (the work runs in another process) and a {@code progress} event sent whenever
 * status, stage or percent change, then {@code completed} or {@code failed}, and the
 * stream ends. One thread polls for every open stream.
 */
@Component
@Profile("!worker")
@Lazy(false) // its gauge is scraped before any stream opens
class AnalysisEvents {

	private final AnalysisStore store;

	private final JsonMapper json;

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "analysis-events");
		thread.setDaemon(true);
		return thread;
	});

	/** Streams open now ({@code flo.sse.streams.open}). */
	private final AtomicInteger open = new AtomicInteger();

	AnalysisEvents(AnalysisStore store, JsonMapper json, MeterRegistry meters) {
		this.store = store;
		this.json = json;
		Gauge.builder("flo.sse.streams.open", this.open, AtomicInteger::get)
			.description("Server-Sent Event streams open (analysis progress)")
			.register(meters);
	}

	SseEmitter stream(String id) {
		SseEmitter emitter = new SseEmitter(Duration.ofHours(2).toMillis());
		AtomicReference<String> last = new AtomicReference<>("");
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		AtomicBoolean closed = new AtomicBoolean();
		this.open.incrementAndGet();
		Runnable stop = () -> {
			if (closed.compareAndSet(false, true)) {
				this.open.decrementAndGet();
			}
			ScheduledFuture<?> scheduled = task.get();
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		};
		Runnable poll = () -> {
			try {
				AnalysisStore.Analysis a = this.store.find(id).orElse(null);
				if (a == null) {
					emitter.complete();
					stop.run();
					return;
				}
				String text = this.json.writeValueAsString(state(a));
				if (!text.equals(last.get())) {
					last.set(text);
					emitter.send(SseEmitter.event().name("progress").data(text, MediaType.APPLICATION_JSON));
				}
				if (a.status().finished()) {
					emitter.send(SseEmitter.event()
						.name((a.status() == AnalysisStore.Status.COMPLETED) ? "completed" : "failed")
						.data(text, MediaType.APPLICATION_JSON));
					emitter.complete();
					stop.run();
				}
			}
			catch (IOException | IllegalStateException ex) {
				// The client went away.
				stop.run();
			}
		};
		task.set(this.poller.scheduleWithFixedDelay(poll, 0, 500, TimeUnit.MILLISECONDS));
		emitter.onCompletion(stop);
		emitter.onTimeout(stop);
		emitter.onError((ex) -> stop.run());
		return emitter;
	}

	private static Map<String, Object> state(AnalysisStore.Analysis a) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", a.id());
		data.put("status", a.status().name());
		data.put("stage", a.stage());
		data.put("percent", a.percent());
		data.put("run", a.run());
		if (a.error() != null) {
			data.put("error", a.error());
		}
		return data;
	}

	@PreDestroy
	void close() {
		this.poller.shutdownNow();
	}

}
