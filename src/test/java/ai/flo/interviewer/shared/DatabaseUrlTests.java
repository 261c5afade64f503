package ai.flo.interviewer.shared;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DatabaseUrlTests {

	private static final Path BASE = Path.of("/srv/flo");

	@Test
	void originalRelativeSqliteFormResolvesAgainstTheBaseFolder() {
		DatabaseUrl url = DatabaseUrl.parse("sqlite:///./interview_analysis.db", BASE);
		assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.SQLITE);
		assertThat(url.sqliteFile()).isEqualTo(Path.of("/srv/flo/interview_analysis.db"));
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/flo/interview_analysis.db");
	}

	@Test
	void relativeSqliteWithoutDot() {
		assertThat(DatabaseUrl.parse("sqlite:///data/x.db", BASE).sqliteFile())
			.isEqualTo(Path.of("/srv/flo/data/x.db"));
	}

	@Test
	void absoluteSqliteHasFourSlashes() {
		DatabaseUrl url = DatabaseUrl.parse("sqlite:////var/lib/flo/db.sqlite", BASE);
		assertThat(url.sqliteFile()).isEqualTo(Path.of("/var/lib/flo/db.sqlite"));
	}

	@Test
	void sqlalchemyDriverSuffixIsAccepted() {
		assertThat(DatabaseUrl.parse("sqlite+pysqlite:///a.db", BASE).sqliteFile()).isEqualTo(Path.of("/srv/flo/a.db"));
		assertThat(DatabaseUrl.parse("postgresql+psycopg2://u:p@db:5432/flo", BASE).jdbcUrl())
			.isEqualTo("jdbc:postgresql://db:5432/flo");
	}

	@Test
	void postgresqlWithCredentialsPortAndQuery() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://flo:s3cr%40t@db.internal:6543/interviews?sslmode=require",
				BASE);
		assertThat(url.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/interviews?sslmode=require");
		assertThat(url.username()).isEqualTo("flo");
		assertThat(url.password()).isEqualTo("s3cr@t");
		assertThat(url.sqliteFile()).isNull();
	}

	@Test
	void postgresShortSchemeAndNoPort() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://user@localhost/flo", BASE);
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/flo");
		assertThat(url.username()).isEqualTo("user");
		assertThat(url.password()).isNull();
	}

	@Test
	void plusInPasswordIsKeptLiterally() {
		assertThat(DatabaseUrl.parse("postgresql://u:a+b@h/d", BASE).password()).isEqualTo("a+b");
	}

	@Test
	void plainJdbcUrls() {
		assertThat(DatabaseUrl.parse("jdbc:sqlite:/tmp/x.db", BASE).sqliteFile()).isEqualTo(Path.of("/tmp/x.db"));
		assertThat(DatabaseUrl.parse("jdbc:sqlite:rel.db", BASE).sqliteFile()).isEqualTo(Path.of("/srv/flo/rel.db"));
		DatabaseUrl pg = DatabaseUrl.parse("jdbc:postgresql://h:5432/d?user=a&password=b", BASE);
		assertThat(pg.kind()).isEqualTo(DatabaseUrl.Kind.POSTGRESQL);
		assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d?user=a&password=b");
	}

	@Test
	void passwordNeverInDescription() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://flo:topsecret@h/d", BASE);
		assertThat(url.describe()).doesNotContain("topsecret");
		assertThat(url.toString()).doesNotContain("topsecret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "mysql://u:p@h/d", "jdbc:mysql://h/d", "sqlite://host/file.db", "sqlite:///",
			"sqlite:///:memory:", "jdbc:sqlite::memory:", "postgresql://user:pass@/db", "postgresql://h:5432/",
			"interview_analysis.db", "http://example.com/db", "postgresql://u:p@h:5432/d b" })
	void badUrlsNameTheVariableAndTheAcceptedForms(String value) {
		assertThatExceptionOfType(ConfigurationException.class).isThrownBy(() -> DatabaseUrl.parse(value, BASE))
			.satisfies((ex) -> {
				assertThat(ex.variable()).isEqualTo("DATABASE_URL");
				assertThat(ex.getMessage()).startsWith("DATABASE_URL: ");
				assertThat(ex.action()).contains("sqlite:///relative/path.db",
						"postgresql://user:password@host:5432/database");
			});
	}

}
