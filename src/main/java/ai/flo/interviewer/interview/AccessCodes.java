package ai.flo.interviewer.interview;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Access codes: 12 characters from Crockford's base-32 alphabet (no I, L, O, U), 60 bits
 * from a cryptographic generator, shown as {@code XXXX-XXXX-XXXX}. Stored as SHA-256
 * digests. Typing is forgiving: case, spaces, dashes, and O/I/L read as 0/1/1.
 */
final class AccessCodes {

	static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	static final int LENGTH = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private AccessCodes() {
	}

	static String generate() {
		StringBuilder code = new StringBuilder();
		for (int i = 0; i < LENGTH; i++) {
			if (i > 0 && i % 4 == 0) {
				code.append('-');
			}
			code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return code.toString();
	}

	/** The canonical form, or null when it cannot be a code. */
	static String normalize(String typed) {
		if (typed == null) {
			return null;
		}
		String code = typed.toUpperCase(Locale.ROOT)
			.replaceAll("[\\s-]", "")
			.replace('O', '0')
			.replace('I', '1')
			.replace('L', '1');
		if (code.length() != LENGTH) {
			return null;
		}
		for (char c : code.toCharArray()) {
			if (ALPHABET.indexOf(c) < 0) {
				return null;
			}
		}
		return code;
	}

	static String digest(String normalized) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The last two characters: lets an admin tell codes apart without storing them. */
	static String hint(String normalized) {
		return "…" + normalized.substring(LENGTH - 2);
	}

	/** A session token: 32 random bytes, URL-safe. */
	static String sessionToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "flo_session_" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
