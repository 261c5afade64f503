package ai.flo.interviewer.webhooks;

import java.util.List;

import ai.flo.interviewer.shared.Problems;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook deliveries: each event sent, its state and the receiver's last answer. Admin
 * key required.
 */
@RestController
@Profile("!worker")
class DeliveryController {

	private final Webhooks webhooks;

	DeliveryController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	@GetMapping("/api/webhooks/deliveries")
	List<Webhooks.Delivery> list(@RequestParam(required = false) String status,
			@RequestParam(required = false) String type, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		return this.webhooks.list(status, type, limit);
	}

	@GetMapping("/api/webhooks/deliveries/{id}")
	ResponseEntity<?> get(@PathVariable String id) {
		return this.webhooks.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	/**
	 * Sends the same message again (its id too: the receiver may drop it as a repeat).
	 */
	@PostMapping("/api/webhooks/deliveries/{id}/redeliver")
	ResponseEntity<?> redeliver(@PathVariable String id) {
		if (!this.webhooks.redeliver(id)) {
			return notFound(id);
		}
		return ResponseEntity.accepted().body(this.webhooks.find(id).orElseThrow());
	}

	private static ResponseEntity<?> notFound(String id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"There is no webhook delivery " + id + "."));
	}

}
