package ai.flo.interviewer.interview;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a candidate agrees to before an interview starts (GDPR; Illinois' AI Video
 * Interview Act: notice and consent), shown by the front end and stored with the session
 * by version.
 *
 * @param text {@code FLO_CONSENT_TEXT}: the notice the candidate accepts
 * @param version {@code FLO_CONSENT_VERSION}: its version; empty: derived from the text,
 * so a changed text is a new version without anyone remembering to bump it
 */
@ConfigurationProperties("flo.consent")
record ConsentProperties(@DefaultValue(DEFAULT_TEXT) String text, String version) {

	static final String DEFAULT_TEXT = "This is a job interview with an AI interviewer. It is recorded: your voice "
			+ "and the conversation are stored and transcribed, and an AI system assesses your answers for the "
			+ "employer, who reviews the result. You may stop at any time, and you may ask the employer to delete "
			+ "your interview data.";

	ConsentProperties {
		text = (text == null || text.isBlank()) ? DEFAULT_TEXT : text.strip();
		if (version == null || version.isBlank()) {
			version = "text-" + digest(text);
		}
		else {
			version = version.strip();
			if (version.length() > 64) {
				throw new IllegalArgumentException("FLO_CONSENT_VERSION is longer than 64 characters");
			}
		}
	}

	private static String digest(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 6);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
