package ai.flo.interviewer.voice;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn's latencies go to the {@code flo.voice.turn.*} timers as they go to
 * {@code voice_turns}; a part that did not happen is not recorded. (SQLite in memory, the
 * table without its session reference.)
 */
class TurnLogMetersTests {

	@Test
	void theTurnsNumbersAreRecordedIntoTheTimers() {
		SingleConnectionDataSource database = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);
		JdbcClient jdbc = JdbcClient.create(database);
		jdbc.sql(
				"""
						CREATE TABLE voice_turns (id VARCHAR(36) PRIMARY KEY, session_id VARCHAR(36), turn INTEGER, kind VARCHAR(20),
						  endpointing_ms BIGINT, stt_ms BIGINT, llm_first_token_ms BIGINT, tts_first_byte_ms BIGINT,
						  end_to_end_ms BIGINT, created_at BIGINT)""")
			.update();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		TurnLog log = new TurnLog(jdbc, Clock.systemUTC(), meters);

		log.record("s1", 1, "answer", TurnTimings.heard(500, 200).thought(300).spoke(150, 1200));
		log.record("s1", 2, "time", new TurnTimings(-1, -1, -1, 90, 400));

		assertThat(timer(meters, "flo.voice.turn.response", "answer").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1200);
		assertThat(timer(meters, "flo.voice.turn.endpointing", "answer").totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(500);
		assertThat(timer(meters, "flo.voice.turn.stt", "answer").count()).isEqualTo(1);
		assertThat(timer(meters, "flo.voice.turn.llm.first.token", "answer").count()).isEqualTo(1);
		assertThat(timer(meters, "flo.voice.turn.tts.first.byte", "answer").count()).isEqualTo(1);
		assertThat(timer(meters, "flo.voice.turn.response", "time").count()).isEqualTo(1);
		assertThat(meters.find("flo.voice.turn.llm.first.token").tag("kind", "time").timer()).isNull();
		assertThat(log.read("s1")).hasSize(2);
		database.destroy();
	}

	private static Timer timer(SimpleMeterRegistry meters, String name, String kind) {
		Timer timer = meters.find(name).tag("kind", kind).timer();
		assertThat(timer).as(name + " kind=" + kind).isNotNull();
		return timer;
	}

}
