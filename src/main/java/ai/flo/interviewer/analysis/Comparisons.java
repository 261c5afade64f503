package ai.flo.interviewer.analysis;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

import ai.flo.interviewer.llm.LlmGateway;
import ai.flo.interviewer.llm.LlmTask;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * A human interviewer's evaluation (a PDF, a text file or text) compared with the AI's
 * latest report by the LLM; each comparison is stored with the evaluation it compared.
 */
@Component
class Comparisons {

	private final AnalysisStore store;

	private final Reports reports;

	private final LlmGateway llm;

	private final AnalysisProperties properties;

	private final JsonMapper json;

	Comparisons(AnalysisStore store, Reports reports, LlmGateway llm, AnalysisProperties properties, JsonMapper json) {
		this.store = store;
		this.reports = reports;
		this.llm = llm;
		this.properties = properties;
		this.json = json;
	}

	Map<String, Object> compare(AnalysisStore.Analysis analysis, MultipartFile evaluation, String evaluationText) {
		String human = evaluationText(evaluation, evaluationText);
		AnalysisReport report = this.reports.stored(analysis, null);
		this.llm.ensureConfigured(LlmTask.ANALYSIS);
		Map<String, Object> aiView = new LinkedHashMap<>();
		aiView.put("executiveSummary", report.executiveSummary());
		aiView.put("scorecard", report.scorecard());
		aiView.put("skills", report.skills());
		aiView.put("insights", report.insights());
		AnalysisPrompts.Comparison comparison = this.llm.structured(LlmTask.ANALYSIS,
				AnalysisPrompts.compare(this.json.writeValueAsString(aiView), human), AnalysisPrompts.Comparison.class);
		String id = UUID.randomUUID().toString();
		this.store.saveComparison(id, analysis.id(), report.run(), human, this.json.writeValueAsString(comparison));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", id);
		body.put("analysisId", analysis.id());
		body.put("run", report.run());
		body.put("comparison", comparison);
		return body;
	}

	private String evaluationText(MultipartFile evaluation, String evaluationText) {
		if (evaluation != null && !evaluation.isEmpty()) {
			try {
				java.nio.file.Path temporary = java.nio.file.Files.createTempFile("flo-evaluation", ".upload");
				try {
					evaluation.transferTo(temporary);
					if (java.nio.file.Files.size(temporary) > this.properties.maxTranscriptSize().toBytes()) {
						throw new AnalysisProblem(HttpStatus.CONTENT_TOO_LARGE, "evaluation-too-large",
								"Evaluation too large",
								"The evaluation is larger than " + this.properties.maxTranscriptSize().toMegabytes()
										+ " MB (FLO_ANALYSIS_MAX_TRANSCRIPT_SIZE): send its text only.");
					}
					String text = TranscriptText.isPdf(temporary) ? TranscriptText.pdfText(temporary)
							: TranscriptText.utf8Text(temporary, this.properties.maxTranscriptSize().toBytes());
					if (text != null && TranscriptText.playlist(text) != null) {
						throw new AnalysisProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "analysis-playlist",
								"A playlist is not an evaluation",
								"The evaluation is " + TranscriptText.playlist(text) + ": send a PDF or a text file.");
					}
					if (text == null || text.isBlank()) {
						throw AnalysisProblem.unusableFile("evaluation-unreadable", "Unreadable evaluation",
								"The evaluation must be a PDF with text or a UTF-8 text file.");
					}
					return text;
				}
				finally {
					java.nio.file.Files.deleteIfExists(temporary);
				}
			}
			catch (IOException ex) {
				throw AnalysisProblem.unusableFile("evaluation-unreadable", "Unreadable evaluation",
						"The evaluation could not be read (" + ex.getMessage() + "): send a PDF or a text file.");
			}
		}
		if (evaluationText != null && !evaluationText.isBlank()) {
			return evaluationText;
		}
		throw AnalysisProblem.invalid("Send the human evaluation as the multipart file 'evaluation' (pdf or txt) "
				+ "or as the field 'evaluationText'.");
	}

}
