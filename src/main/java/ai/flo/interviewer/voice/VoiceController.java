package ai.flo.interviewer.voice;

import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The latency of each turn of a voice interview, as the worker measured it. Admin key
 * required.
 */
@RestController
@Profile("!worker")
class VoiceController {

	private final TurnLog turns;

	VoiceController(TurnLog turns) {
		this.turns = turns;
	}

	@GetMapping("/api/sessions/{id}/turns")
	List<TurnLog.TurnLatency> turns(@PathVariable String id) {
		return this.turns.read(id);
	}

}
