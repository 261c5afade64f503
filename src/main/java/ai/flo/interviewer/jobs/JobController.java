package ai.flo.interviewer.jobs;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Job status for operators and for features that hand out a job id. Admin key required.
 */
@RestController
@RequestMapping("/api/jobs")
class JobController {

	private final JobStore jobs;

	private final Map<String, JobHandler> handlers;

	private final TransactionTemplate transactions;

	JobController(JobStore jobs, List<JobHandler> handlers, PlatformTransactionManager transactions) {
		this.jobs = jobs;
		this.handlers = handlers.stream().collect(Collectors.toMap(JobHandler::type, Function.identity()));
		this.transactions = new TransactionTemplate(transactions);
	}

	@GetMapping("/{id}")
	ResponseEntity<?> get(@PathVariable String id) {
		return this.jobs.find(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> notFound(id));
	}

	@GetMapping
	List<JobView> list(@RequestParam(required = false) JobStatus status, @RequestParam(required = false) String type,
			@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		return this.jobs.list(status, type, limit);
	}

	/** Runs a FAILED job again with a fresh set of attempts; its history is kept. */
	@PostMapping("/{id}/retry")
	ResponseEntity<?> retry(@PathVariable String id) {
		boolean retried = Boolean.TRUE.equals(this.transactions.execute((status) -> {
			if (!this.jobs.retry(id)) {
				return false;
			}
			// What the job works for is in progress again (an analysis, a record...).
			this.jobs.payload(id).ifPresent((job) -> {
				JobHandler handler = this.handlers.get(job.type());
				if (handler != null) {
					handler.retrying(job.payload());
				}
			});
			return true;
		}));
		if (retried) {
			return ResponseEntity.accepted().body(this.jobs.find(id).orElseThrow());
		}
		if (this.jobs.find(id).isEmpty()) {
			return notFound(id);
		}
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(Problems.of(HttpStatus.CONFLICT, "job-not-failed", "Job is not failed",
					"Only a FAILED job can be retried; job " + id + " is " + this.jobs.find(id).orElseThrow().status()
							+ "."));
	}

	private static ResponseEntity<ProblemDetail> notFound(String id) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND)
			.body(Problems.of(HttpStatus.NOT_FOUND, "job-not-found", "Job not found",
					"There is no job with id " + id + "."));
	}

}
