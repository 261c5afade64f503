package ai.flo.interviewer.interview;

import ai.flo.interviewer.shared.BodyLimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Bodies of the interview module's endpoints that differ from the default JSON limit. */
@Configuration(proxyBeanMethods = false)
class InterviewLimits {

	/**
	 * LiveKit's webhook events are a few kilobytes; the body is read before its signature
	 * can be checked, so anyone can send one.
	 */
	@Bean
	BodyLimit webhookBodyLimit() {
		return BodyLimit.json("POST", "/api/livekit/webhook", DataSize.ofKilobytes(64));
	}

	/**
	 * A candidate's resume PDF is the body itself, not multipart (the limit is
	 * {@code json}'s kind: a plain body), so it is counted and timed as it is read like
	 * any other body, whether or not its length is stated.
	 */
	@Bean
	BodyLimit resumePdfBodyLimit() {
		return BodyLimit.json("POST", "/api/interviews/resume-text", ResumePdf.MAX_SIZE);
	}

}
