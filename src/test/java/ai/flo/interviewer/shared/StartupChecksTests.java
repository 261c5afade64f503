package ai.flo.interviewer.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

/**
 * The environment check before the start: a variable an earlier version read is accepted
 * with a warning saying what replaced it; an unknown one stops the start (the packaged
 * jar's own refusal is in {@code StartupErrorsIT}).
 */
class StartupChecksTests {

	@Test
	void aRetiredVariableIsAcceptedWithAWarning() throws Exception {
		List<String> warnings = new ArrayList<>();
		StartupChecks checks = new StartupChecks((type) -> new NoOpLog() {

			@Override
			public void warn(Object message) {
				warnings.add(String.valueOf(message));
			}

		});
		checks.postProcessEnvironment(environment(Map.of("FLO_VOICE_CAPTIONS_TOPIC", "flo.captions")),
				new SpringApplication());
		assertThat(warnings).singleElement()
			.asString()
			.contains("FLO_VOICE_CAPTIONS_TOPIC is no longer read", "lk.transcription");
	}

	@Test
	void anUnknownVariableStopsTheStart() throws Exception {
		StartupChecks checks = new StartupChecks((type) -> new NoOpLog());
		assertThatThrownBy(() -> checks.postProcessEnvironment(environment(Map.of("FLO_VOICE_CAPTION_TOPIC", "x")),
				new SpringApplication()))
			.hasMessageContaining("FLO_VOICE_CAPTION_TOPIC");
	}

	private static StandardEnvironment environment(Map<String, String> variables) {
		Map<String, Object> system = new HashMap<>(variables);
		StandardEnvironment environment = new StandardEnvironment() {

			@Override
			public Map<String, Object> getSystemEnvironment() {
				return system;
			}

		};
		return environment;
	}

}
