package ai.flo.interviewer.access;

import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.flo.interviewer.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without ADMIN_API_KEYS a key is generated, printed once, and only its digest is stored.
 */
@SpringBootTest(properties = "flo.access.admin-api-keys=")
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminKeyTests {

	private static final Pattern KEY = Pattern.compile("flo_admin_[A-Za-z0-9_-]{43}");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabases.useTemporarySqlite(registry);
	}

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void generatedKeyWorksAndOnlyItsDigestIsStored(CapturedOutput output) {
		Matcher printed = KEY.matcher(output.getAll());
		assertThat(printed.find()).as("the generated key is printed at start").isTrue();
		String key = printed.group();

		String stored = this.jdbc.sql("SELECT key_digest FROM admin_api_keys WHERE id = 'generated'")
			.query(String.class)
			.single();
		assertThat(stored).doesNotContain("flo_admin_")
			.isEqualTo(java.util.Base64.getEncoder().encodeToString(AdminKeys.digest(key)));
		assertThat(this.mvc.get().uri("/api/jobs").header("Authorization", "Bearer " + key)).hasStatusOk();

		// A second start finds the stored digest, accepts the same key and prints nothing
		// new.
		AdminKeys again = new AdminKeys(new AccessProperties(""), this.jdbc, Clock.systemUTC());
		assertThat(again.matches(key)).isTrue();
		assertThat(again.matches(key + "x")).isFalse();
		assertThat(KEY.matcher(output.getAll()).results().count()).as("the key is printed once").isEqualTo(1);

		// A worker (its /metrics) accepts the API's generated key, and never makes one:
		// started before the API stored it, it finds it later.
		AdminKeys worker = new AdminKeys(new AccessProperties(""), this.jdbc, Clock.systemUTC(), "worker");
		assertThat(worker.matches(key)).isTrue();
		this.jdbc.sql("DELETE FROM admin_api_keys WHERE id = 'generated'").update();
		AdminKeys early = new AdminKeys(new AccessProperties(""), this.jdbc, Clock.systemUTC(), "worker");
		assertThat(early.matches(key)).isFalse();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM admin_api_keys").query(Long.class).single()).isZero();
		this.jdbc.sql("INSERT INTO admin_api_keys (id, key_digest, created_at) VALUES ('generated', :digest, 0)")
			.param("digest", stored)
			.update();
		assertThat(early.matches(key)).isTrue();
		assertThat(KEY.matcher(output.getAll()).results().count()).as("the key is printed once").isEqualTo(1);
	}

}
