package ai.flo.interviewer.interview;

import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The candidate's page, served by the jar: {@code /interview} (with {@code ?code=} to
 * fill in the access code from the link a recruiter sends); {@code /} leads there. The
 * page and its scripts are static files under {@code static/interview/}, the LiveKit
 * browser SDK among them (fetched at build time, see
 * {@code scripts/web/livekit-client.sh}); {@link CandidatePageHeaders} adds the security
 * headers.
 */
@Controller
@Profile("!worker")
class CandidatePage {

	private static final Resource PAGE = new ClassPathResource("static/interview/index.html");

	@GetMapping({ "/interview", "/interview/" })
	ResponseEntity<Resource> page() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(PAGE);
	}

	@GetMapping("/")
	String home() {
		return "redirect:/interview";
	}

}
