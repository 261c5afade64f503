package ai.flo.interviewer.interview;

import io.livekit.server.WebhookReceiver;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.flo.interviewer.livekit.LiveKitProperties;
import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * LiveKit's webhooks, verified with the SDK's {@link WebhookReceiver} (signed JWT
 * carrying the body's SHA-256). Participant and room events move sessions through their
 * lifecycle; repeated deliveries change nothing.
 */
@RestController
class WebhookController {

	private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

	static final String CANDIDATE_PREFIX = "candidate-";

	static final String ROOM_PREFIX = "interview-";

	private final LiveKitProperties livekit;

	private final SessionService sessions;

	WebhookController(LiveKitProperties livekit, SessionService sessions) {
		this.livekit = livekit;
		this.sessions = sessions;
	}

	@PostMapping(value = "/api/livekit/webhook", consumes = { "application/webhook+json", "application/json" })
	ResponseEntity<?> receive(@RequestBody String body,
			@RequestHeader(value = "Authorization", required = false) String authorization) {
		if (this.livekit.apiKey() == null) {
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "livekit-not-configured", "LiveKit not configured",
						"Set LIVEKIT_API_KEY and LIVEKIT_API_SECRET to receive LiveKit's webhooks."));
		}
		WebhookEvent event;
		try {
			event = new WebhookReceiver(this.livekit.apiKey(), this.livekit.apiSecret()).receive(body,
					(authorization != null) ? authorization.replaceFirst("(?i)^Bearer\\s+", "") : null, false);
		}
		catch (Exception ex) {
			log.warn("Rejected a LiveKit webhook: {}", ex.getMessage());
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.body(Problems.of(HttpStatus.UNAUTHORIZED, "webhook-signature-invalid", "Webhook not verified",
						"The webhook's signature does not match this server's LiveKit key and secret."));
		}
		String room = event.hasRoom() ? event.getRoom().getName() : "";
		if (!room.startsWith(ROOM_PREFIX)) {
			return ResponseEntity.noContent().build();
		}
		String sessionId = room.substring(ROOM_PREFIX.length());
		String identity = event.hasParticipant() ? event.getParticipant().getIdentity() : "";
		switch (event.getEvent()) {
			case "participant_joined" -> {
				if (identity.equals(CANDIDATE_PREFIX + sessionId)) {
					this.sessions.candidateJoined(sessionId);
				}
			}
			// A candidate who drops out may come back (page reload): the session ends
			// with the room.
			case "room_finished" -> this.sessions.ended(sessionId);
			default -> {
			}
		}
		return ResponseEntity.noContent().build();
	}

}
