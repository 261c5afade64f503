package ai.flo.interviewer.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import ai.flo.interviewer.access.AdminAccess;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker's own {@code GET /health} on its own port: the worker runs no web server of
 * Spring's (it must not take port 8000, and a servlet container would cost memory for one
 * URL). Also Prometheus' {@code GET /metrics}, with an admin key.
 */
@Component
@Profile("worker")
class WorkerHealthServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(WorkerHealthServer.class);

	private final HealthEndpoint health;

	private final WorkerProperties properties;

	private final JsonMapper json;

	private final AdminAccess admins;

	private final ObjectProvider<PrometheusMeterRegistry> prometheus;

	private HttpServer server;

	WorkerHealthServer(HealthEndpoint health, WorkerProperties properties, JsonMapper json, AdminAccess admins,
			ObjectProvider<PrometheusMeterRegistry> prometheus) {
		this.health = health;
		this.properties = properties;
		this.json = json;
		this.admins = admins;
		this.prometheus = prometheus;
	}

	@Override
	public void start() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(this.properties.healthPort()), 16);
		}
		catch (IOException ex) {
			throw new IllegalStateException("The worker's health endpoint cannot listen on port "
					+ this.properties.healthPort() + " (" + ex.getMessage() + "); set FLO_WORKER_HEALTH_PORT", ex);
		}
		this.server.setExecutor(Executors.newSingleThreadExecutor((task) -> new Thread(task, "worker-health")));
		this.server.createContext("/health", this::handle);
		this.server.createContext("/metrics", this::metrics);
		this.server.start();
		log.info("Worker health endpoint on port {}", this.server.getAddress().getPort());
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			HealthDescriptor descriptor = this.health.health();
			byte[] body;
			try {
				body = this.json.writeValueAsBytes(descriptor);
			}
			catch (RuntimeException ex) {
				body = ("{\"status\":\"" + descriptor.getStatus().getCode() + "\"}").getBytes(StandardCharsets.UTF_8);
			}
			int code = Status.UP.equals(descriptor.getStatus()) ? 200 : 503;
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			if ("HEAD".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(code, -1);
				return;
			}
			exchange.sendResponseHeaders(code, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	/**
	 * Prometheus' scrape, with an admin key as the API's {@code /metrics}: 401 with the
	 * same problem otherwise.
	 */
	private void metrics(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			ProblemDetail refusal = this.admins.refusal(exchange.getRequestHeaders().getFirst("Authorization"));
			PrometheusMeterRegistry registry = this.prometheus.getIfAvailable();
			int code;
			byte[] body;
			if (refusal != null) {
				refusal.setInstance(URI.create(exchange.getRequestURI().getPath()));
				exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
				exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
				code = 401;
				body = this.json.writeValueAsBytes(refusal);
			}
			else if (registry == null) {
				code = 404;
				body = new byte[0];
			}
			else {
				exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
				code = 200;
				body = registry.scrape().getBytes(StandardCharsets.UTF_8);
			}
			exchange.sendResponseHeaders(code, (body.length > 0) ? body.length : -1);
			if (body.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		}
	}

	@Override
	public void stop() {
		if (this.server != null) {
			this.server.stop(0);
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
