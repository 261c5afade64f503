package ai.flo.interviewer.interview;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The worker makes sure the reconciliation of live sessions runs when it starts. */
@Component
@Profile("worker")
class ReconcileSchedule {

	private final SessionReconciler reconciler;

	ReconcileSchedule(SessionReconciler reconciler) {
		this.reconciler = reconciler;
	}

	@EventListener(ApplicationReadyEvent.class)
	void started() {
		this.reconciler.scheduleCurrent();
	}

}
