package ai.flo.interviewer.access;

/**
 * Who made an admin request, as the audit log names them: the key's name and its last
 * characters, never the key.
 *
 * @param name the key's name ({@code ADMIN_API_KEYS}), {@code generated} for the key made
 * at first start
 * @param hint the key's last four characters, after an ellipsis
 * @param readOnly whether the key may only read
 */
public record AdminIdentity(String name, String hint, boolean readOnly) {

	static String hint(String key) {
		return "…" + key.substring(Math.max(0, key.length() - 4));
	}

}
