package ai.flo.interviewer.shared;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The database a {@code DATABASE_URL} names, in the forms the original's {@code .env}
 * files use (SQLAlchemy style) and as a plain JDBC URL.
 *
 * @param kind which database
 * @param jdbcUrl the JDBC URL, without credentials
 * @param username user name, or {@code null}
 * @param password password, or {@code null}
 * @param sqliteFile the database file for SQLite, {@code null} for PostgreSQL
 */
public record DatabaseUrl(Kind kind, String jdbcUrl, String username, String password, Path sqliteFile) {

	public static final String VARIABLE = "DATABASE_URL";

	static final String ACCEPTED_FORMS = """
			Accepted forms:
			  sqlite:///relative/path.db        (relative to the base folder FLO_HOME)
			  sqlite:////absolute/path.db
			  postgresql://user:password@host:5432/database   (also postgres://, postgresql+psycopg2://)
			  jdbc:sqlite:/path/to/file.db
			  jdbc:postgresql://host:5432/database""";

	public enum Kind {

		SQLITE, POSTGRESQL

	}

	/**
	 * Parses {@code value}, resolving relative SQLite paths against {@code baseFolder}.
	 * @throws ConfigurationException naming {@value #VARIABLE} and the accepted forms
	 */
	public static DatabaseUrl parse(String value, Path baseFolder) {
		if (value == null || value.isBlank()) {
			throw invalid("is empty");
		}
		String url = value.strip();
		String lower = url.toLowerCase(Locale.ROOT);
		if (lower.startsWith("jdbc:sqlite:")) {
			String rest = url.substring("jdbc:sqlite:".length());
			int query = rest.indexOf('?');
			String file = (query >= 0) ? rest.substring(0, query) : rest;
			if (file.startsWith("file:")) {
				file = file.substring("file:".length());
			}
			if (file.isBlank() || file.contains(":memory:") || file.contains("mode=memory")) {
				throw invalid("names an in-memory SQLite database; the API and the worker must share a file");
			}
			return sqlite(resolve(baseFolder, file));
		}
		if (lower.startsWith("jdbc:postgresql:")) {
			return new DatabaseUrl(Kind.POSTGRESQL, url, null, null, null);
		}
		if (lower.startsWith("jdbc:")) {
			throw invalid("names a database this service does not support (SQLite and PostgreSQL only)");
		}
		int schemeEnd = lower.indexOf("://");
		if (schemeEnd < 0) {
			throw invalid("is not a URL");
		}
		String scheme = lower.substring(0, schemeEnd);
		int plus = scheme.indexOf('+');
		String base = (plus >= 0) ? scheme.substring(0, plus) : scheme;
		return switch (base) {
			case "sqlite" -> parseSqlite(url.substring(schemeEnd + 3), baseFolder);
			case "postgresql", "postgres" -> parsePostgres(url.substring(schemeEnd + 3));
			default -> throw invalid("has the unsupported scheme '" + scheme + "'");
		};
	}

	private static DatabaseUrl parseSqlite(String afterScheme, Path baseFolder) {
		// SQLAlchemy: sqlite:///relative.db -> "/relative.db", sqlite:////abs.db ->
		// "//abs.db"
		if (!afterScheme.startsWith("/")) {
			throw invalid("has a host part; a SQLite URL starts with three slashes (sqlite:///file.db)");
		}
		String path = afterScheme.substring(1);
		int query = path.indexOf('?');
		if (query >= 0) {
			path = path.substring(0, query);
		}
		if (path.isBlank()) {
			throw invalid("names no SQLite file");
		}
		if (path.equals(":memory:")) {
			throw invalid("names an in-memory SQLite database; the API and the worker must share a file");
		}
		return sqlite(resolve(baseFolder, path));
	}

	private static DatabaseUrl parsePostgres(String afterScheme) {
		URI uri;
		try {
			uri = new URI("postgresql://" + afterScheme);
		}
		catch (URISyntaxException ex) {
			throw invalid("is not a valid URL (" + ex.getReason()
					+ "); special characters in the password must be percent-encoded");
		}
		String host = uri.getHost();
		if (host == null || host.isBlank()) {
			throw invalid("names no host");
		}
		String database = (uri.getRawPath() == null) ? "" : uri.getRawPath().replaceFirst("^/", "");
		if (database.isBlank()) {
			throw invalid("names no database (postgresql://user:password@host:5432/database)");
		}
		String username = null;
		String password = null;
		String userInfo = uri.getRawUserInfo();
		if (userInfo != null && !userInfo.isEmpty()) {
			int colon = userInfo.indexOf(':');
			username = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
			password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : null;
		}
		StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host);
		if (uri.getPort() > 0) {
			jdbc.append(':').append(uri.getPort());
		}
		jdbc.append('/').append(database);
		if (uri.getRawQuery() != null) {
			jdbc.append('?').append(uri.getRawQuery());
		}
		return new DatabaseUrl(Kind.POSTGRESQL, jdbc.toString(), username, password, null);
	}

	private static DatabaseUrl sqlite(Path file) {
		return new DatabaseUrl(Kind.SQLITE, "jdbc:sqlite:" + file, null, null, file);
	}

	private static Path resolve(Path baseFolder, String file) {
		Path path = Path.of(file);
		return (path.isAbsolute() ? path : baseFolder.resolve(path)).toAbsolutePath().normalize();
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static ConfigurationException invalid(String problem) {
		return new ConfigurationException(VARIABLE, problem + ".",
				"Set " + VARIABLE + " to a supported URL. " + ACCEPTED_FORMS);
	}

	/** The URL with the password masked, for logs. */
	public String describe() {
		String url = Secrets.mask(this.jdbcUrl);
		return (this.username != null) ? url + " (user " + this.username + ")" : url;
	}

	@Override
	public String toString() {
		return "DatabaseUrl[" + describe() + "]";
	}

}
