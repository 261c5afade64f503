package ai.flo.interviewer.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The admin keys in force: those of {@code ADMIN_API_KEYS}, or, when none is configured,
 * one generated at the first start whose digest is kept in the database and whose text is
 * printed once.
 */
@Component
@DependsOnDatabaseInitialization
class AdminKeys {

	private static final Logger log = LoggerFactory.getLogger(AdminKeys.class);

	/**
	 * Goes to standard output only (logback-spring.xml): a generated key must never be
	 * written to a log file.
	 */
	private static final Logger console = LoggerFactory.getLogger("flo.console");

	static final String GENERATED_ID = "generated";

	private volatile List<Known> keys;

	/** A worker without configured keys: where to look for the generated key's digest. */
	private final JdbcClient lateStore;

	/** A key in force: its digest and who it stands for. */
	private record Known(byte[] digest, AdminIdentity identity) {
	}

	AdminKeys(AccessProperties properties, JdbcClient jdbc, Clock clock) {
		this(properties, jdbc, clock, "api");
	}

	/**
	 * @param role {@code api} generates a key when none is configured; a {@code worker}
	 * (its metrics need the admin key) never does: it uses the API's, once stored
	 */
	@Autowired
	AdminKeys(AccessProperties properties, JdbcClient jdbc, Clock clock, @Value("${flo.role:api}") String role) {
		List<Known> configured = new ArrayList<>();
		properties.keys()
			.forEach((key) -> configured.add(new Known(digest(key.key()),
					new AdminIdentity(key.name(), AdminIdentity.hint(key.key()), key.readOnly()))));
		boolean worker = "worker".equals(role);
		if (configured.isEmpty() && worker) {
			stored(jdbc).ifPresent(configured::add);
		}
		else if (configured.isEmpty()) {
			configured.add(generatedOrStored(jdbc, clock));
		}
		this.keys = List.copyOf(configured);
		this.lateStore = (worker && configured.isEmpty()) ? jdbc : null;
	}

	boolean matches(String presented) {
		return identify(presented) != null;
	}

	/** Who the presented key stands for, or {@code null} when it is no admin key. */
	AdminIdentity identify(String presented) {
		if (presented == null || presented.isEmpty()) {
			return null;
		}
		List<Known> known = this.keys;
		if (known.isEmpty() && this.lateStore != null) {
			// The API generates the key at its first start, maybe after this worker's.
			known = stored(this.lateStore).map(List::of).orElse(List.of());
			this.keys = known;
		}
		byte[] candidate = digest(presented);
		AdminIdentity match = null;
		// Compare with every key, always: the time taken says nothing about which one
		// matched.
		for (Known each : known) {
			if (MessageDigest.isEqual(each.digest(), candidate)) {
				match = each.identity();
			}
		}
		return match;
	}

	private static java.util.Optional<Known> stored(JdbcClient jdbc) {
		return jdbc.sql("SELECT key_digest FROM admin_api_keys WHERE id = :id")
			.param("id", GENERATED_ID)
			.query(String.class)
			.optional()
			.map((digest) -> new Known(Base64.getDecoder().decode(digest),
					new AdminIdentity(GENERATED_ID, "(generated)", false)));
	}

	private static Known generatedOrStored(JdbcClient jdbc, Clock clock) {
		var stored = stored(jdbc);
		if (stored.isPresent()) {
			log.info(
					"Admin API: using the key generated at first start (its digest is stored; set ADMIN_API_KEYS to replace it)");
			return stored.get();
		}
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String key = "flo_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		byte[] digest = digest(key);
		try {
			jdbc.sql("INSERT INTO admin_api_keys (id, key_digest, created_at) VALUES (:id, :digest, :now)")
				.param("id", GENERATED_ID)
				.param("digest", Base64.getEncoder().encodeToString(digest))
				.param("now", clock.millis())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Another API process generated one at the same moment: use theirs.
			return generatedOrStored(jdbc, clock);
		}
		log.warn("No ADMIN_API_KEYS configured: generated an admin API key and printed it once on standard output "
				+ "(not in this file); only its digest is stored. Set ADMIN_API_KEYS to replace it.");
		console.warn("""

				==================================================================================
				 No ADMIN_API_KEYS configured: generated an admin API key. It is shown only now;
				 only its digest is stored. Send it as 'Authorization: Bearer <key>'.

				     {}

				 To replace it, set ADMIN_API_KEYS (comma-separated, 24+ characters each).
				==================================================================================""", key);
		return new Known(digest, new AdminIdentity(GENERATED_ID, AdminIdentity.hint(key), false));
	}

	static byte[] digest(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
