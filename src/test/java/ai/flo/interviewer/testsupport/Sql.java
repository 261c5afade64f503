package ai.flo.interviewer.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import ai.flo.interviewer.shared.DatabaseUrl;

/**
 * Plain JDBC connections for tests that look at the database from outside the
 * application.
 */
public final class Sql {

	private Sql() {
	}

	public static Connection connect(String databaseUrl, Path home) throws SQLException {
		DatabaseUrl url = DatabaseUrl.parse(databaseUrl, home);
		Properties properties = new Properties();
		if (url.kind() == DatabaseUrl.Kind.SQLITE) {
			properties.setProperty("busy_timeout", "30000");
			properties.setProperty("journal_mode", "WAL");
		}
		else {
			if (url.username() != null) {
				properties.setProperty("user", url.username());
			}
			if (url.password() != null) {
				properties.setProperty("password", url.password());
			}
		}
		return DriverManager.getConnection(url.jdbcUrl(), properties);
	}

}
