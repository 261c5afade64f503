package ai.flo.interviewer.shared;

import org.springframework.util.unit.DataSize;

/**
 * What one endpoint may receive: a module declares a bean of this type for each endpoint
 * whose body differs from the default (a small JSON body,
 * {@code FLO_HTTP_MAX_JSON_SIZE}). The limit is enforced before the body is read (see
 * {@link RequestLimitFilter}).
 *
 * @param method the HTTP method, e.g. {@code POST}
 * @param path a path pattern, e.g. {@code /api/sessions/{id}/proctoring}
 * @param max the largest body accepted (413 beyond it)
 * @param multipart whether the endpoint takes uploads ({@code multipart/form-data});
 * everywhere else a multipart body is refused (415) before anything parses it
 * @param setting the setting that raises the limit, named in the refusal, or {@code null}
 */
public record BodyLimit(String method, String path, DataSize max, boolean multipart, String setting) {

	public static BodyLimit json(String method, String path, DataSize max) {
		return new BodyLimit(method, path, max, false, null);
	}

	public static BodyLimit upload(String method, String path, DataSize max) {
		return new BodyLimit(method, path, max, true, null);
	}

	/** An upload whose limit is the given setting's value. */
	public static BodyLimit upload(String method, String path, DataSize max, String setting) {
		return new BodyLimit(method, path, max, true, setting);
	}

}
