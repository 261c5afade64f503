package ai.flo.interviewer.shared;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes a row whose key is its {@code id} column: inserted, or every column given
 * updated when it exists. One statement both SQLite (3.24 and later) and PostgreSQL
 * accept. The columns are the row class's own list, so the statement cannot drift from
 * what the class reads back.
 */
public final class Rows {

	private Rows() {
	}

	/**
	 * Inserts or updates the row. {@code table} and the column names are the code's own
	 * constants, never input.
	 */
	public static void upsert(JdbcClient jdbc, String table, Map<String, Object> columns) {
		String names = String.join(", ", columns.keySet());
		String values = columns.keySet().stream().map((c) -> ":" + c).collect(Collectors.joining(", "));
		String updates = columns.keySet()
			.stream()
			.filter((c) -> !c.equals("id"))
			.map((c) -> c + " = excluded." + c)
			.collect(Collectors.joining(", "));
		jdbc.sql("INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT (id) DO UPDATE SET "
				+ updates)
			.params(columns)
			.update();
	}

}
