package ai.flo.interviewer.privacy;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The worker makes sure the current period's retention sweep is scheduled when it starts.
 */
@Component
@Profile("worker")
class RetentionSchedule {

	private final RetentionSweep sweep;

	RetentionSchedule(RetentionSweep sweep) {
		this.sweep = sweep;
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		this.sweep.scheduleCurrent();
	}

}
