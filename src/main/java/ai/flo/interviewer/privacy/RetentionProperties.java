package ai.flo.interviewer.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long data is kept; 0 days: until deleted by hand.
 *
 * @param days {@code FLO_RETENTION_DAYS}: recordings and uploaded files (the media, its
 * chunks), counted from the end of the interview or the upload
 * @param transcriptDays {@code FLO_RETENTION_TRANSCRIPT_DAYS}: sessions, transcripts,
 * analyses and reports, everything about a candidate
 * @param auditDays {@code FLO_AUDIT_RETENTION_DAYS}: the audit log's own entries
 * @param every how often the sweep runs
 */
@ConfigurationProperties("flo.retention")
record RetentionProperties(@DefaultValue("180") int days, @DefaultValue("0") int transcriptDays,
		@DefaultValue("365") int auditDays, @DefaultValue("24h") Duration every) {

	RetentionProperties {
		if (days < 0 || transcriptDays < 0 || auditDays < 0) {
			throw new IllegalArgumentException("FLO_RETENTION_DAYS, FLO_RETENTION_TRANSCRIPT_DAYS and "
					+ "FLO_AUDIT_RETENTION_DAYS are days, 0 or more (0 keeps until deleted by hand)");
		}
		if (every == null || every.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("the retention sweep runs at most once a minute");
		}
	}

}
