package ai.flo.interviewer.shared;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.MDC;

/**
 * Ids put in the logging context (SLF4J's MDC) for as long as a piece of work runs, so
 * that every line it logs carries them: {@code job.id}, {@code session.id},
 * {@code analysis.id} ... JSON logs ({@code FLO_LOG_FORMAT=json}) have them as fields,
 * text logs in brackets. Closing puts back what was there before.
 */
public final class LogContext implements AutoCloseable {

	/** {@code "sessionId": "..."} in a payload or metadata (JSON text). */
	private static final Pattern ID = Pattern.compile("\"([a-z][A-Za-z]{0,30})Id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64})\"");

	private final Map<String, String> previous = new LinkedHashMap<>();

	private LogContext(Map<String, String> ids) {
		ids.forEach((key, value) -> {
			this.previous.put(key, MDC.get(key));
			if (value != null) {
				MDC.put(key, value);
			}
		});
	}

	/** Puts the given ids ({@code key, value, key, value ...}; null values skipped). */
	public static LogContext of(String... keysAndValues) {
		return new LogContext(pairs(keysAndValues));
	}

	/**
	 * Puts the given ids and those found in a JSON payload: {@code "analysisId": "a1"}
	 * becomes {@code analysis.id=a1}.
	 */
	public static LogContext withIdsOf(String json, String... keysAndValues) {
		Map<String, String> ids = pairs(keysAndValues);
		idsIn(json).forEach(ids::putIfAbsent);
		return new LogContext(ids);
	}

	private static Map<String, String> pairs(String... keysAndValues) {
		Map<String, String> ids = new LinkedHashMap<>();
		for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
			ids.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return ids;
	}

	/** The {@code ...Id} fields of a JSON text, as {@code ....id} keys. */
	public static Map<String, String> idsIn(String json) {
		Map<String, String> ids = new LinkedHashMap<>();
		if (json != null && json.length() <= 64 * 1024) {
			Matcher matcher = ID.matcher(json);
			while (matcher.find()) {
				ids.putIfAbsent(matcher.group(1) + ".id", matcher.group(2));
			}
		}
		return ids;
	}

	/**
	 * A task that runs with the logging context of the thread that wraps it (for threads
	 * a piece of work starts: their lines carry its ids too).
	 */
	public static Runnable carried(Runnable task) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		if (context == null || context.isEmpty()) {
			return task;
		}
		return () -> {
			MDC.setContextMap(context);
			try {
				task.run();
			}
			finally {
				MDC.clear();
			}
		};
	}

	/**
	 * Threads named {@code name} (daemon or not) whose lines carry the logging context of
	 * the thread that calls this, whenever they are started: for the threads of a piece
	 * of work (an interview's publishers and heartbeats) that executors start later, on
	 * the first task, from whichever thread submits it.
	 */
	public static ThreadFactory threads(String name, boolean daemon) {
		return factory((n) -> name, daemon);
	}

	/**
	 * Like {@link #threads}, for a pool: its threads are named {@code prefix-1},
	 * {@code prefix-2} ...
	 */
	public static ThreadFactory pool(String prefix, boolean daemon) {
		return factory((n) -> prefix + "-" + n, daemon);
	}

	private static ThreadFactory factory(IntFunction<String> names, boolean daemon) {
		Map<String, String> context = MDC.getCopyOfContextMap();
		AtomicInteger made = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(() -> {
				if (context != null) {
					MDC.setContextMap(context);
				}
				task.run();
			}, names.apply(made.incrementAndGet()));
			thread.setDaemon(daemon);
			return thread;
		};
	}

	@Override
	public void close() {
		this.previous.forEach((key, value) -> {
			if (value == null) {
				MDC.remove(key);
			}
			else {
				MDC.put(key, value);
			}
		});
	}

}
