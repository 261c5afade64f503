package ai.flo.interviewer.shared;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * A request's path as Spring MVC matches it against its mappings: percent-decoded,
 * without matrix parameters ({@code ;x}), without empty segments. A filter that decides
 * by path must look at this one: {@code /api;x/records} and {@code /%61pi/records} reach
 * the controller of {@code /api/records}, so they must meet its guard too.
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	public static String of(HttpServletRequest request) {
		RequestPath path = RequestPath.parse(request.getRequestURI(), request.getContextPath());
		StringBuilder normalized = new StringBuilder();
		for (PathContainer.Element element : path.pathWithinApplication().elements()) {
			if (element instanceof PathContainer.PathSegment segment && !segment.valueToMatch().isEmpty()) {
				normalized.append('/').append(segment.valueToMatch());
			}
		}
		return (normalized.length() == 0) ? "/" : normalized.toString();
	}

}
