package ai.flo.interviewer.console;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /console} is the console's page; its scripts, styles and images are static
 * resources under {@code /console/} (Spring Boot serves {@code classpath:/static/}).
 */
@Controller
@Profile("!worker")
class ConsoleController {

	@GetMapping({ "/console", "/console/" })
	String console() {
		return "forward:/console/index.html";
	}

}
