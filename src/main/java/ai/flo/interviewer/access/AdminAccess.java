package ai.flo.interviewer.access;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** For endpoints that admins and candidates share: is this request an admin's? */
@Component
@Profile("!worker")
public class AdminAccess {

	private final AdminKeys keys;

	AdminAccess(AdminKeys keys) {
		this.keys = keys;
	}

	/** Whether the {@code Authorization} header carries a valid admin key. */
	public boolean isAdmin(String authorization) {
		return this.keys.matches(bearer(authorization));
	}

	/** The bearer credential of an {@code Authorization} header, or null. */
	public static String bearer(String authorization) {
		return (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).strip() : null;
	}

}
