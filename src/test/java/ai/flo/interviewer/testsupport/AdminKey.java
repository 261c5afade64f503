package ai.flo.interviewer.testsupport;

/** The admin key the Spring tests configure. */
public final class AdminKey {

	public static final String VALUE = "test-admin-key-0123456789abcdef";

	public static final String HEADER = "Bearer " + VALUE;

	private AdminKey() {
	}

}
