package ai.flo.interviewer.shared;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads nullable numeric columns. {@code ResultSet.getLong} and friends answer 0 for SQL
 * NULL, and {@code getObject} answers Integer or Long depending on the driver and the
 * value; these answer the boxed type the row mappers want, or null.
 */
public final class Columns {

	private Columns() {
	}

	public static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double value = rs.getDouble(column);
		return rs.wasNull() ? null : value;
	}

}
