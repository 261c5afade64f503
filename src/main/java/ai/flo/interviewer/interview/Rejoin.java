package ai.flo.interviewer.interview;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.access.AdminAccess;
import ai.flo.interviewer.livekit.LiveKitRooms;

import org.springframework.stereotype.Component;

/**
 * A candidate back after a dropped connection or a reloaded page: a fresh LiveKit token
 * for the same room and the same identity, with the session's token as proof, and no use
 * of the access code spent. Only while the interview is on (CREATED or LIVE: during the
 * grace after the candidate left the agent keeps it LIVE and waits). When the room is
 * gone (the agent went too) the token's room configuration opens it again and dispatches
 * an agent, which carries the interview on from where it stood.
 */
@Component
class Rejoin {

	private final InterviewSessionRepository sessions;

	private final InterviewRepository interviews;

	private final LiveKitRooms rooms;

	private final InterviewProperties properties;

	private final JsonMapper json;

	Rejoin(InterviewSessionRepository sessions, InterviewRepository interviews, LiveKitRooms rooms,
			InterviewProperties properties, JsonMapper json) {
		this.sessions = sessions;
		this.interviews = interviews;
		this.rooms = rooms;
		this.properties = properties;
		this.json = json;
	}

	Views.JoinResult rejoin(String sessionId, String authorization) {
		String token = AdminAccess.bearer(authorization);
		InterviewSession session = this.sessions.findById(sessionId)
			.filter((s) -> token != null && s.tokenMatches(AccessCodes.digest(token)))
			.orElseThrow(SessionProblem.Unauthorized::new);
		if (!session.open()) {
			throw new SessionProblem.NotRejoinable(sessionId, session.status());
		}
		Interview interview = this.interviews.findById(session.interviewId())
			.orElseThrow(() -> new InterviewProblem.NotFound("interview", session.interviewId()));
		String metadata = InterviewService.dispatchMetadata(this.json, session.id(), interview.id(),
				interview.recordId(), session.practice(), interview.lengthMinutes());
		LiveKitRooms.Grant grant = this.rooms.token(session.roomName(), "candidate-" + session.id(),
				session.candidateName(), metadata, Duration.ofMinutes(5), this.properties.tokenValidity());
		return new Views.JoinResult(grant.serverUrl(), grant.token(), grant.roomName(), session.candidateName(),
				session.id(), token);
	}

}
