package ai.flo.interviewer.access;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * For endpoints that admins and candidates share (is this request an admin's?), and for
 * whoever records what admins do (which key made the request).
 */
@Component
public class AdminAccess {

	/** The request attribute that holds the {@link AdminIdentity} of an admin request. */
	static final String IDENTITY = AdminAccess.class.getName() + ".identity";

	private final AdminKeys keys;

	AdminAccess(AdminKeys keys) {
		this.keys = keys;
	}

	/** Whether the {@code Authorization} header carries a valid admin key. */
	public boolean isAdmin(String authorization) {
		return this.keys.matches(bearer(authorization));
	}

	/**
	 * The 401 problem for a request without a valid admin key (what {@code /api}
	 * answers), or {@code null} when the {@code Authorization} header carries one. For
	 * endpoints outside Spring MVC (the worker's {@code /metrics}).
	 */
	public ProblemDetail refusal(String authorization) {
		String presented = bearer(authorization);
		return this.keys.matches(presented) ? null : AdminKeyFilter.unauthorized(presented);
	}

	/**
	 * Who made the request, when an admin key was accepted for it (by the filter that
	 * guards {@code /api}, or by {@code /health}).
	 */
	public static Optional<AdminIdentity> identity(HttpServletRequest request) {
		return (request.getAttribute(IDENTITY) instanceof AdminIdentity identity) ? Optional.of(identity)
				: Optional.empty();
	}

	/** The bearer credential of an {@code Authorization} header, or null. */
	public static String bearer(String authorization) {
		return (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
				? authorization.substring(7).strip() : null;
	}

}
