package ai.flo.interviewer.hiring;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import ai.flo.interviewer.shared.DataFolders;
import ai.flo.interviewer.shared.Erasure;
import ai.flo.interviewer.shared.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Job records, their skills and questions. Admin key required (all of /api). */
@RestController
@RequestMapping("/api/records")
class RecordController {

	private final HiringService hiring;

	private final DataFolders folders;

	RecordController(HiringService hiring, DataFolders folders) {
		this.hiring = hiring;
		this.folders = folders;
	}

	record CreateRecord(
			@io.swagger.v3.oas.annotations.media.Schema(example = "Backend Engineer") @NotBlank @Size(
					max = 200) String title,
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "We are hiring a backend engineer to build our interview platform in Java 17 with Spring Boot and PostgreSQL. Kubernetes is a plus.") @NotBlank @Size(
							min = 50, max = Prompts.MAX_DESCRIPTION,
							message = "must be 50 to 30000 characters") String jobDescription) {
	}

	/**
	 * Creates the record and starts skill extraction (202; follow {@code jobIds} or poll
	 * the record).
	 */
	@PostMapping
	ResponseEntity<Views.Accepted<Views.RecordView>> create(@Valid @RequestBody CreateRecord request) {
		Views.Accepted<Views.RecordView> accepted = this.hiring.create(request.title(), request.jobDescription());
		return ResponseEntity.accepted()
			.location(URI.create("/api/records/" + accepted.resource().id()))
			.body(accepted);
	}

	/**
	 * The text of a job description file (a PDF with text, or UTF-8 text), to check and
	 * send as a record's {@code jobDescription}. Nothing is stored.
	 */
	@PostMapping(path = "/description-text", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Map<String, Object> descriptionText(@RequestParam(name = "file", required = false) MultipartFile file) {
		String text = DescriptionFiles.text(file);
		return Map.of("fileName", (file.getOriginalFilename() != null) ? file.getOriginalFilename() : "", "text", text,
				"characters", text.length());
	}

	@GetMapping
	List<Views.RecordSummary> list(@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new IllegalArgumentException("limit must be between 1 and 500");
		}
		return this.hiring.list(limit);
	}

	@GetMapping("/{id}")
	Views.RecordView get(@PathVariable String id) {
		return this.hiring.get(id);
	}

	/**
	 * Deletes the record with everything that belongs to it: skills, questions and their
	 * history, feedback, its interviews and their sessions, the analyses made for it, and
	 * their files. Answers what was removed.
	 */
	@DeleteMapping("/{id}")
	Map<String, Object> delete(@PathVariable String id) {
		Erasure removed = new Erasure(this.folders);
		this.hiring.delete(id, removed);
		removed.deleteFiles();
		return Map.of("removed", removed.report());
	}

	/**
	 * Extracts the skills again after a failed extraction (202; the record is EXTRACTING
	 * again).
	 */
	@PostMapping("/{id}/extract")
	ResponseEntity<Views.Accepted<Views.RecordView>> extractAgain(@PathVariable String id) {
		return ResponseEntity.accepted().body(this.hiring.extractAgain(id));
	}

	record Weights(
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "0.4") @NotNull @DecimalMin("0") @DecimalMax("1") Double skills,
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "0.4") @NotNull @DecimalMin("0") @DecimalMax("1") Double questions,
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "0.2") @NotNull @DecimalMin("0") @DecimalMax("1") Double communication) {
	}

	/**
	 * The record's own scorecard weights, for analyses of its interviews and of uploads
	 * that name it: relative, each 0 to 1, at least one above 0.
	 */
	@PutMapping("/{id}/scorecard-weights")
	Views.RecordView scorecardWeights(@PathVariable String id, @Valid @RequestBody Weights weights) {
		return this.hiring.scorecardWeights(id,
				new JobRecords.ScorecardWeights(weights.skills(), weights.questions(), weights.communication()));
	}

	/** Back to the settings' weights ({@code FLO_SCORECARD_WEIGHT_*}). */
	@DeleteMapping("/{id}/scorecard-weights")
	Views.RecordView defaultScorecardWeights(@PathVariable String id) {
		return this.hiring.scorecardWeights(id, null);
	}

	@PostMapping("/{id}/skills")
	ResponseEntity<Views.SkillView> addSkill(@PathVariable String id, @Valid @RequestBody SkillData skill) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.hiring.addSkill(id, skill));
	}

	@PutMapping("/{id}/skills/{skillId}")
	Views.SkillView updateSkill(@PathVariable String id, @PathVariable String skillId,
			@Valid @RequestBody SkillData skill) {
		return this.hiring.updateSkill(id, skillId, skill);
	}

	@DeleteMapping("/{id}/skills/{skillId}")
	ResponseEntity<Void> deleteSkill(@PathVariable String id, @PathVariable String skillId) {
		this.hiring.deleteSkill(id, skillId);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Generates questions for every skill, or for {@code skillId} only (202, one job per
	 * skill).
	 */
	@PostMapping("/{id}/questions/generate")
	ResponseEntity<Views.Accepted<Views.RecordView>> generate(@PathVariable String id,
			@RequestParam(required = false) String skillId) {
		return ResponseEntity.accepted().body(this.hiring.generateQuestions(id, skillId));
	}

	@GetMapping("/{id}/questions")
	List<Views.QuestionView> questions(@PathVariable String id) {
		return this.hiring.questions(id);
	}

	record Rating(@io.swagger.v3.oas.annotations.media.Schema(example = "false") Boolean liked,
			@io.swagger.v3.oas.annotations.media.Schema(
					example = "Too theoretical; ask about their own projects.") @Size(max = 2000) String feedback) {
	}

	/**
	 * Likes ({@code true}) or dislikes ({@code false}) a question with optional feedback;
	 * null clears.
	 */
	@PutMapping("/{id}/questions/{questionId}/rating")
	Views.QuestionView rate(@PathVariable String id, @PathVariable String questionId,
			@Valid @RequestBody Rating rating) {
		return this.hiring.rate(id, questionId, rating.liked(), rating.feedback());
	}

	record Regenerate(@io.swagger.v3.oas.annotations.media.Schema(
			example = "Make it about a production incident.") @NotBlank @Size(max = 1000) String reason) {
	}

	/**
	 * A new version of one question for a reason (202, one job); the current version
	 * becomes history.
	 */
	@PostMapping("/{id}/questions/{questionId}/regenerate")
	ResponseEntity<Views.Accepted<Views.QuestionView>> regenerate(@PathVariable String id,
			@PathVariable String questionId, @Valid @RequestBody Regenerate request) {
		return ResponseEntity.accepted().body(this.hiring.regenerate(id, questionId, request.reason()));
	}

	/**
	 * Earlier versions of a question, oldest first, with their ratings and why each was
	 * replaced.
	 */
	@GetMapping("/{id}/questions/{questionId}/history")
	List<Views.QuestionVersionView> history(@PathVariable String id, @PathVariable String questionId) {
		return this.hiring.history(id, questionId);
	}

	record Feedback(@io.swagger.v3.oas.annotations.media.Schema(
			example = "Prefer practical scenarios over definitions.") @NotBlank @Size(max = 2000) String text) {
	}

	/**
	 * Feedback on the record's questions as a whole: later generations take it into
	 * account.
	 */
	@PostMapping("/{id}/feedback")
	ResponseEntity<Views.FeedbackView> addFeedback(@PathVariable String id, @Valid @RequestBody Feedback feedback) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.hiring.addFeedback(id, feedback.text()));
	}

	@GetMapping("/{id}/feedback")
	List<Views.FeedbackView> feedback(@PathVariable String id) {
		return this.hiring.feedback(id);
	}

	/** The questions as an Excel workbook. */
	@GetMapping(value = "/{id}/questions.xlsx")
	ResponseEntity<byte[]> xlsx(@PathVariable String id) {
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"questions-" + id + ".xlsx\"")
			.body(QuestionWorkbook.write(this.hiring.questions(id)));
	}

	/**
	 * The questions as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read
	 * it right).
	 */
	@GetMapping(value = "/{id}/questions.csv", produces = "text/csv")
	ResponseEntity<byte[]> csv(@PathVariable String id) {
		StringBuilder csv = new StringBuilder("\uFEFF" + String.join(",", QuestionWorkbook.COLUMNS) + "\r\n");
		for (Views.QuestionView q : this.hiring.questions(id)) {
			csv.append(String.join(",", QuestionWorkbook.row(q).stream().map(RecordController::cell).toList()))
				.append("\r\n");
		}
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"questions-" + id + ".csv\"")
			.body(csv.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** Quotes a CSV cell, and defuses formulas a spreadsheet would run (=, +, -, @). */
	static String cell(String value) {
		String text = (value == null) ? "" : value;
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		return "\"" + text.replace("\"", "\"\"") + "\"";
	}

	@ExceptionHandler(DescriptionFiles.DescriptionProblem.class)
	ResponseEntity<ProblemDetail> unreadable(DescriptionFiles.DescriptionProblem ex) {
		return ResponseEntity.status(ex.status)
			.body(Problems.of(ex.status, ex.slug, "Job description file refused", ex.getMessage()));
	}

	@ExceptionHandler(HiringProblem.class)
	ResponseEntity<ProblemDetail> problem(HiringProblem ex) {
		if (ex instanceof HiringProblem.NotFound) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND)
				.body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage()));
		}
		String slug = (ex instanceof HiringProblem.NotReady) ? "record-not-ready"
				: (ex instanceof HiringProblem.NotFailed) ? "record-not-failed" : "record-without-skills";
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(Problems.of(HttpStatus.CONFLICT, slug, "Not possible now", ex.getMessage()));
	}

}
