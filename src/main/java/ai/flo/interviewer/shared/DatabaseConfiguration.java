package ai.flo.interviewer.shared;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the one {@link DataSource} from {@code DATABASE_URL}. SQLite is tuned for two
 * processes (API and worker) writing the same file: WAL, a busy timeout, foreign keys,
 * and {@code BEGIN IMMEDIATE} transactions so a reader never has to upgrade to a writer
 * (the usual source of "database is locked").
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

	@Bean
	DatabaseUrl databaseUrl(DatabaseProperties properties, DataFolders folders) {
		folders.prepare();
		return DatabaseUrl.parse(properties.url(), folders.base());
	}

	@Bean
	HikariDataSource dataSource(DatabaseUrl url, DatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("flo");
		config.setMaximumPoolSize(properties.maxPoolSize());
		if (url.kind() == DatabaseUrl.Kind.SQLITE) {
			createParent(url.sqliteFile());
			config.setJdbcUrl(url.jdbcUrl());
			config.setDriverClassName("org.sqlite.JDBC");
			config.addDataSourceProperty("journal_mode", "WAL");
			config.addDataSourceProperty("synchronous", "NORMAL");
			config.addDataSourceProperty("foreign_keys", "true");
			config.addDataSourceProperty("busy_timeout", String.valueOf(properties.sqliteBusyTimeout().toMillis()));
			config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
			config.setConnectionInitSql("PRAGMA foreign_keys = ON");
		}
		else {
			config.setJdbcUrl(url.jdbcUrl());
			config.setDriverClassName("org.postgresql.Driver");
			config.setUsername(url.username());
			config.setPassword(url.password());
		}
		log.info("Database: {}", url.describe());
		return new HikariDataSource(config);
	}

	/**
	 * The API and the worker start together and both migrate. PostgreSQL serialises that
	 * with Flyway's own lock; for SQLite we hold an OS file lock beside the database
	 * file.
	 */
	@Bean
	FlywayMigrationStrategy migrationStrategy(DatabaseUrl url) {
		return (flyway) -> {
			if (url.kind() != DatabaseUrl.Kind.SQLITE) {
				flyway.migrate();
				return;
			}
			Path lockFile = url.sqliteFile().resolveSibling(url.sqliteFile().getFileName() + ".migrate-lock");
			try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
					FileLock lock = channel.lock()) {
				flyway.migrate();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot lock " + lockFile + " for the database migration", ex);
			}
		};
	}

	private static void createParent(Path file) {
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new ConfigurationException(DatabaseUrl.VARIABLE,
					"the folder of the SQLite file " + file + " cannot be created (" + ex + ").",
					"Point DATABASE_URL at a file in a writable folder.");
		}
	}

}
