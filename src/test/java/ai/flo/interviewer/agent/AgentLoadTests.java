package ai.flo.interviewer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The load a worker reports to LiveKit, against the rule LiveKit's server applies: it
 * claims a job for a worker only when the worker's load is under the server's target
 * load.
 */
class AgentLoadTests {

	private static final double TARGET = 0.7;

	@Test
	void aWorkerWithAFreeSlotIsUnderTheTargetLoadHoweverBusy() {
		for (int max = 1; max <= 200; max++) {
			for (int taken = 0; taken < max; taken++) {
				assertThat(AgentWorker.availableLoad(taken, max, 0, TARGET)).as("%d of %d", taken, max)
					.isLessThan((float) TARGET);
				assertThat(AgentWorker.availableLoad(taken, max, 1.0, TARGET)).as("%d of %d, CPU full", taken, max)
					.isLessThan((float) TARGET);
			}
		}
		// The case that turned jobs away: 3 of the default 4 slots taken was 0.75.
		assertThat(AgentWorker.availableLoad(3, 4, 0, TARGET)).isLessThan((float) TARGET);
	}

	@Test
	void theLessBusyWorkerStillReportsLess() {
		assertThat(AgentWorker.availableLoad(1, 4, 0, TARGET)).isLessThan(AgentWorker.availableLoad(2, 4, 0, TARGET));
		assertThat(AgentWorker.availableLoad(0, 4, 0.2, TARGET))
			.isLessThan(AgentWorker.availableLoad(0, 4, 0.6, TARGET));
		assertThat(AgentWorker.availableLoad(0, 4, 0, TARGET)).isZero();
	}

	@Test
	void aServerWithAnotherTargetLoadIsFollowed() {
		assertThat(AgentWorker.availableLoad(3, 4, 1.0, 0.5)).isLessThan(0.5f);
		assertThat(AgentWorker.availableLoad(3, 4, 1.0, 1.0)).isLessThan(1.0f).isGreaterThan(0.7f);
	}

}
