package ai.flo.interviewer.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import ai.flo.interviewer.shared.DatabaseUrl;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases tests run on: a SQLite file in a temporary folder, or a fresh database on
 * the real PostgreSQL server that {@code scripts/postgres.sh} starts
 * ({@code scripts/test.sh} does that and exports {@code TEST_POSTGRES_URL}). PostgreSQL
 * tests never skip: without the server they fail and say how to start it.
 */
public final class TestDatabases {

	public static final String POSTGRES_VARIABLE = "TEST_POSTGRES_URL";

	private TestDatabases() {
	}

	/** Points a Spring test at a new temporary base folder with its own SQLite file. */
	public static void useTemporarySqlite(DynamicPropertyRegistry registry) {
		Path folder = temporaryFolder();
		registry.add("flo.data.home", folder::toString);
		registry.add("flo.database.url", () -> sqlite(folder));
	}

	/** Points a Spring test at a fresh database on the test PostgreSQL server. */
	public static void useFreshPostgres(DynamicPropertyRegistry registry) {
		Path folder = temporaryFolder();
		String url = freshPostgres();
		registry.add("flo.data.home", folder::toString);
		registry.add("flo.database.url", () -> url);
	}

	private static Path temporaryFolder() {
		try {
			return Files.createTempDirectory("flo-test");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String sqlite(Path folder) {
		return "sqlite:///" + folder.resolve("test.db").toAbsolutePath();
	}

	/**
	 * Creates an empty database on the test server and returns its URL in DATABASE_URL
	 * form.
	 */
	public static String freshPostgres() {
		String admin = postgresAdminUrl();
		String name = "flo_test_"
				+ UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
		DatabaseUrl url = DatabaseUrl.parse(admin, Path.of("."));
		try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.username(), url.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on " + url.describe()
					+ ": is the test PostgreSQL running? Start it with scripts/postgres.sh start (scripts/test.sh does).",
					ex);
		}
		return admin.substring(0, admin.lastIndexOf('/') + 1) + name;
	}

	public static String postgresAdminUrl() {
		String value = System.getenv(POSTGRES_VARIABLE);
		if (value == null || value.isBlank()) {
			value = System.getProperty(POSTGRES_VARIABLE);
		}
		if (value == null || value.isBlank()) {
			throw new IllegalStateException(
					POSTGRES_VARIABLE + " is not set: the PostgreSQL tests need the test server. "
							+ "Run the suite with scripts/test.sh, or: export " + POSTGRES_VARIABLE
							+ "=$(scripts/postgres.sh start)");
		}
		return value;
	}

}
