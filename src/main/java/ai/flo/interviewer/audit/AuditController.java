package ai.flo.interviewer.audit;

import java.time.Instant;
import java.util.List;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log, newest first, with filters and paging. Admin key required. */
@RestController
@Profile("!worker")
class AuditController {

	private final Audit audit;

	AuditController(Audit audit) {
		this.audit = audit;
	}

	/**
	 * @param actor a key's name, {@code report-link} or {@code system}
	 * @param action an HTTP method, or {@code ERASE}, {@code RETENTION}...
	 * @param target text the target contains (an id, a path)
	 * @param from entries at or after this instant
	 * @param to entries before this instant
	 */
	@GetMapping("/api/audit")
	List<Audit.Entry> list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String target, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > 1000 || offset < 0) {
			throw new IllegalArgumentException("limit must be 1 to 1000 and offset 0 or more");
		}
		return this.audit.find(new Audit.Query(blank(actor), blank(action), blank(target), from, to, limit, offset));
	}

	private static String blank(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
