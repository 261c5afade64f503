package ai.flo.interviewer.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.audit.Audit;
import ai.flo.interviewer.jobs.JobContext;
import ai.flo.interviewer.jobs.JobHandler;
import ai.flo.interviewer.jobs.JobQueue;
import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The retention sweep, a durable job: tells every module what is due
 * ({@link RetentionDue}), deletes the files they name, trims the audit log, and logs and
 * audits what went. Scheduled once per period under an id of its date, so several workers
 * schedule it once.
 */
@Component
class RetentionSweep implements JobHandler {

	static final String TYPE = "privacy.retention";

	private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);

	/**
	 * A file that belongs to nothing is left this long: it may be an upload in flight.
	 */
	static final Duration ORPHAN_GRACE = Duration.ofHours(24);

	private final RetentionProperties properties;

	private final ApplicationEventPublisher events;

	private final Audit audit;

	private final JobQueue jobs;

	private final DataFolders folders;

	private final Clock clock;

	RetentionSweep(RetentionProperties properties, ApplicationEventPublisher events, Audit audit, JobQueue jobs,
			DataFolders folders, Clock clock) {
		this.properties = properties;
		this.events = events;
		this.audit = audit;
		this.jobs = jobs;
		this.folders = folders;
		this.clock = clock;
	}

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Schedules the sweep of the current period, unless it is scheduled or done already.
	 * Periods are numbered from the epoch, so every worker names a period's sweep alike.
	 */
	void scheduleCurrent() {
		schedule(this.clock.millis() / this.properties.every().toMillis());
	}

	@Override
	public String run(JobContext context) {
		Instant now = this.clock.instant();
		Erasure erasure = new Erasure(this.folders);
		this.events.publishEvent(new RetentionDue(before(now, this.properties.days()),
				before(now, this.properties.transcriptDays()), now.minus(ORPHAN_GRACE), erasure));
		erasure.deleteFiles();
		int audited = (this.properties.auditDays() > 0)
				? this.audit.removeBefore(now.minus(Duration.ofDays(this.properties.auditDays()))) : 0;
		Erasure.Report report = erasure.report();
		String summary = "rows " + report.rows() + ", files " + report.files() + ", audit entries " + audited;
		if (!erasure.isEmpty() || audited > 0) {
			this.audit.record(Audit.SYSTEM, "RETENTION", String.join(", ", report.paths()), summary);
		}
		log.info("Retention sweep: removed {} (recordings and uploads after {} days, records after {} days)", summary,
				this.properties.days(), this.properties.transcriptDays());
		schedule(now.toEpochMilli() / this.properties.every().toMillis() + 1);
		return "{\"files\":" + report.files() + ",\"auditEntries\":" + audited + "}";
	}

	private void schedule(long period) {
		long at = period * this.properties.every().toMillis();
		Duration delay = Duration.ofMillis(Math.max(0, at - this.clock.millis()));
		if (this.jobs.enqueueOnce("retention-" + period, TYPE, "{}", delay)) {
			log.info("Retention sweep {} scheduled for {}", period, Instant.ofEpochMilli(at));
		}
	}

	private static Instant before(Instant now, int days) {
		return (days > 0) ? now.minus(Duration.ofDays(days)) : null;
	}

}
