package ai.flo.interviewer.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets are masked in every log line, whoever wrote it. */
class SecretsTests {

	@Test
	void passwordsInUrlsAreMasked() {
		assertThat(Secrets.mask("Database: jdbc:postgresql://db:5432/app?user=app&password=s3cr3t&ssl=true"))
			.isEqualTo("Database: jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true");
		assertThat(Secrets.mask("connecting to postgresql://app:s3cr3t@db:5432/app"))
			.isEqualTo("connecting to postgresql://app:****@db:5432/app");
		assertThat(Secrets.mask("redis://:hunter2@cache:6379")).isEqualTo("redis://:****@cache:6379");
	}

	@Test
	void tokensAndKeysAreMasked() {
		assertThat(Secrets.mask("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y"))
			.isEqualTo("Authorization: Bearer ****");
		assertThat(Secrets.mask("key flo_admin_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg"))
			.isEqualTo("key flo_admin_****");
		assertThat(Secrets.mask("OPENAI_API_KEY=sk-proj-abcdefghijklmnop1234")).doesNotContain("abcdefghijklmnop1234");
		assertThat(Secrets.mask("{\"api_key\": \"gsk_abcdefghijklmnop\"}")).doesNotContain("abcdefghijklmnop");
	}

	@Test
	void ordinaryTextIsLeftAlone() {
		String text = "Analysis 3f1c queued: recording interview.mp3 (402 bytes, mp3 / mp3, 4000 ms)";
		assertThat(Secrets.mask(text)).isSameAs(text);
		assertThat(Secrets.mask("http://127.0.0.1:8000/health")).isEqualTo("http://127.0.0.1:8000/health");
	}

	@Test
	void databaseUrlsDescribeThemselvesMasked() {
		DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db/app?user=app&password=s3cr3t",
				java.nio.file.Path.of("/tmp"));
		assertThat(url.describe()).doesNotContain("s3cr3t").contains("password=****");
		assertThat(DatabaseUrl.parse("postgresql://app:s3cr3t@db:5432/app", java.nio.file.Path.of("/tmp")).describe())
			.doesNotContain("s3cr3t");
	}

}
